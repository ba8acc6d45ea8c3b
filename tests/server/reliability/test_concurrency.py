"""Many clients editing at once against real server processes: one server on
SQLite, and two servers sharing one PostgreSQL database. The end state must
be what a serial run of the acknowledged edits gives (concurrency_model.py),
no answer may be a 5xx other than a rare 503 (database busy), and the
SQLite "database is locked" must never reach a client.

The default run has a short version (4 clients x 50 edits, SQLite); the long
ones (20 clients x 1,000 edits) are marked `reliability` (make reliability)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import start_live
from tests.server.reliability.concurrency_model import Assignment, ClientLog, run_client
from tests.server.reliability.final_state import annotation, call, collection_name, members
from tests.server.reliability.seeding import add_images, seeded, sqlite_db_of
from tests.server.reliability.server_child import ServerChild
from tests.server.world import World

OWN_IDS, ANNOTATED, SHARED = 25, 5, 40


def _collection(url: str, project: int, name: str) -> int:
    return call(url, "entities-collections.add", {"projectId": project, "name": name, "type": "default"})["id"]


def prepare(db_url: str, clients: int) -> tuple[World, list[int]]:
    engine, world = seeded(db_url)
    ids = add_images(engine, world, "d1", clients * (OWN_IDS + ANNOTATED) + SHARED, "busy")
    engine.dispose()
    return world, ids


def hammer_and_check(urls: list[str], world: World, ids: list[int], clients: int, ops: int) -> dict:
    """Clients spread over the servers at `urls`; checks the end state against their logs."""
    url, per_client = urls[0], OWN_IDS + ANNOTATED
    shared = _collection(url, world["p1"], "shared")
    jobs = []
    for c in range(clients):
        mine = ids[c * per_client : (c + 1) * per_client]
        jobs.append(
            Assignment(
                client=c,
                url=urls[c % len(urls)],
                ops=ops,
                collection=shared,
                own_collection=_collection(url, world["p1"], f"own {c}"),
                dataset=world["d1"],
                own_ids=mine[:OWN_IDS],
                shared_ids=ids[clients * per_client :],
                annotated=mine[OWN_IDS:],
            )
        )
    versions_before = {i: annotation(url, i)[0] for job in jobs for i in job.annotated}
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        logs: list[ClientLog] = list(pool.map(run_client, jobs))
    seconds = time.monotonic() - started

    refusals = [r for log in logs for r in log.refusals]
    assert all(status == 503 for _, status, _ in refusals), refusals[:5]
    assert not any("locked" in text for _, _, text in refusals), refusals[:5]
    assert len(refusals) <= clients * ops // 100, f"{len(refusals)} refusals (503) of {clients * ops}"

    got = members(url, world["p1"], shared)
    assert len(got) == len(set(got)), "an id is in the collection twice"
    assert set(got) <= set(ids)
    for job, log in zip(jobs, logs, strict=True):
        expected = {i for i, member in log.membership.items() if member}
        assert set(got) & set(log.membership) == expected, f"client {job.client}: membership differs from its edits"
        assert collection_name(url, job.own_collection) == (log.name or f"own {job.client}")
        for image in job.annotated:
            version, classes = annotation(url, image)
            assert version == versions_before[image] + log.saves.get(image, 0), f"image {image}"
            if image in log.last_classes:
                assert sorted(classes) == sorted(log.last_classes[image])
    return {
        "ops": clients * ops,
        "acknowledged": sum(log.acknowledged for log in logs),
        "refused_503": len(refusals),
        "seconds": round(seconds, 1),
    }


def on_server_children(db_url: str, data_dir: Path, servers: int, clients: int, ops: int) -> dict:
    world, ids = prepare(db_url, clients)
    children = [ServerChild(data_dir / f"server{n}", db_url) for n in range(servers)]
    try:
        figures = hammer_and_check([child.url for child in children], world, ids, clients, ops)
        for child in children:
            assert "database is locked" not in child.log_text()
        return figures
    finally:
        for child in children:
            child.stop()


def test_a_few_clients_on_sqlite(sqlite_url, tmp_path):
    # the short version runs the server in this process: a child takes ~4 s to start
    world, ids = prepare(sqlite_url, clients=4)
    for live in start_live(sqlite_url, tmp_path / "data"):
        figures = hammer_and_check([live.url], world, ids, clients=4, ops=50)
        print(figures)
        assert figures["acknowledged"] >= 198


@pytest.mark.reliability
def test_twenty_clients_on_sqlite(tmp_path):
    data = tmp_path / "data"
    figures = on_server_children(sqlite_db_of(data / "server0"), data, servers=1, clients=20, ops=1_000)
    print(f"\nSQLite, one server: {figures}")


@pytest.mark.reliability
@pytest.mark.postgres
def test_twenty_clients_on_two_servers_sharing_postgresql(postgres_url, tmp_path):
    figures = on_server_children(postgres_url, tmp_path / "data", servers=2, clients=20, ops=1_000)
    print(f"\nPostgreSQL, two servers: {figures}")

"""A client adds tens of thousands of ids to a collection in chunks (and
removes ids that do not belong) while the server process is SIGKILLed in
the middle and restarted on the same database. The client retries what got
no answer, as the app's outbox does. At the end the collection holds
exactly the intended ids, none lost, none doubled, and SQLite's file passes
its integrity check.

A retry is safe because an add of ids already present reports them and adds
nothing, and a remove of absent ids removes nothing; a write that got no
answer either committed before the kill or not at all."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.server.reliability.final_state import call, members
from tests.server.reliability.seeding import add_images, seeded, sqlite_db_of
from tests.server.reliability.server_child import ServerChild
from tests.server.world import ALICE

CHUNK = 500


class Restarting:
    """The server child and its current URL (a restart gets a new port)."""

    def __init__(self, data_dir: Path, db_url: str) -> None:
        self.data_dir, self.db_url = data_dir, db_url
        self.child = ServerChild(data_dir, db_url)
        self.url = self.child.url
        self.kills = 0

    def kill_and_restart(self) -> None:
        self.child.kill()
        self.kills += 1
        self.url = ""  # clients wait while the server is down
        self.child = ServerChild(self.data_dir, self.db_url)
        self.url = self.child.url


def send_until_answered(server: Restarting, method: str, body: dict) -> int:
    """Send until a 200; returns how many attempts it took."""
    attempts = 0
    while True:
        url = server.url
        if not url:
            time.sleep(0.05)
            continue
        attempts += 1
        try:
            answer = httpx.post(f"{url}/public/api/v3/{method}", json=body, headers={"x-api-key": ALICE}, timeout=60)
        except httpx.TransportError:
            time.sleep(0.05)  # killed mid-request or not listening yet
            continue
        assert answer.status_code == 200, answer.text
        assert answer.json().get("missing", []) == []
        return attempts


def crash_mid_bulk_edit(db_url: str, data_dir: Path, count: int, kills: int) -> dict:
    engine, world = seeded(db_url)
    target = add_images(engine, world, "d1", count, "keep")
    wrong = add_images(engine, world, "d2", count // 10, "drop")
    engine.dispose()
    server = Restarting(data_dir, db_url)
    try:
        collection = call(server.url, "entities-collections.add", {"projectId": world["p1"], "name": "big"})["id"]
        for start in range(0, len(wrong), CHUNK):
            call(
                server.url,
                "entities-collections.items.bulk.add",
                {"collectionId": collection, "entityIds": wrong[start : start + CHUNK]},
            )

        edits = []
        for n, start in enumerate(range(0, count, CHUNK)):
            edits.append(("add", target[start : start + CHUNK]))
            drop = wrong[n * CHUNK // 10 : (n + 1) * CHUNK // 10]
            if drop:
                edits.append(("remove", drop))
        sent = 0
        retries = 0

        def client() -> None:
            nonlocal sent, retries
            for verb, ids in edits:
                retries += (
                    send_until_answered(
                        server,
                        f"entities-collections.items.bulk.{verb}",
                        {"collectionId": collection, "entityIds": ids},
                    )
                    - 1
                )
                sent += 1

        worker = threading.Thread(target=client)
        worker.start()
        for k in range(1, kills + 1):
            while sent < len(edits) * k // (kills + 1) and worker.is_alive():
                time.sleep(0.01)
            server.kill_and_restart()  # with requests in flight
        worker.join(600)
        assert not worker.is_alive()

        got = members(server.url, world["p1"], collection)
        assert len(got) == len(set(got)), "an id is in the collection twice"
        assert sorted(got) == target, f"{len(set(target) - set(got))} lost, {len(set(got) - set(target))} extra"
        return {"ids": count, "requests": len(edits), "kills": server.kills, "retried_requests": retries}
    finally:
        server.child.stop()


def sqlite_is_intact(db_url: str) -> bool:
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_crash_mid_bulk_edit_of_2000_ids(tmp_path):
    db_url = sqlite_db_of(tmp_path / "data")
    figures = crash_mid_bulk_edit(db_url, tmp_path / "data", 2_000, kills=1)
    assert figures["kills"] == 1 and sqlite_is_intact(db_url)


@pytest.mark.reliability
def test_crashes_mid_bulk_edit_of_50000_ids_sqlite(tmp_path):
    db_url = sqlite_db_of(tmp_path / "data")
    figures = crash_mid_bulk_edit(db_url, tmp_path / "data", 50_000, kills=3)
    assert sqlite_is_intact(db_url)
    print(f"\nSQLite crash run: {figures}")


@pytest.mark.reliability
@pytest.mark.postgres
def test_crashes_mid_bulk_edit_of_50000_ids_postgresql(postgres_url, tmp_path):
    figures = crash_mid_bulk_edit(postgres_url, tmp_path / "data", 50_000, kills=3)
    print(f"\nPostgreSQL crash run: {figures}")

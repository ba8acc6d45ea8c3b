"""A request whose transaction PostgreSQL picks as a deadlock's victim is run
again by the server, whole, and answers 200: the client (which never retries
a write) is not told 503 for a conflict it had no part in.

The deadlock is made on purpose: another connection holds an image row the
request's collection insert needs (FOR KEY SHARE), then asks for the
collection row the request holds. The request waited first, so its deadlock
check (deadlock_timeout, 1 s) fires first and it is the one rolled back."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import start_live
from tests.server.http_helpers import ok
from tests.server.test_collection_items import image_ids, new_collection
from tests.server.world import ALICE, build_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_live(postgres_url: str, tmp_path: Path):
    yield from start_live(postgres_url, tmp_path / "data")


def _waiting_on_a_lock(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return bool(row and row[0])


def test_the_victim_of_a_deadlock_is_rerun_and_answers_200(pg_live, postgres_url):
    world = build_world(pg_live.sessions())
    cid = new_collection(pg_live, world["p1"], "deadlocked")
    first, second = world.images["d1"][:2]
    answer: list = []

    with psycopg.connect(postgres_url) as other, psycopg.connect(postgres_url, autocommit=True) as watcher:
        other.execute("SELECT id FROM images WHERE id = %s FOR UPDATE", (second,))
        request = threading.Thread(
            target=lambda: answer.append(
                pg_live.call(
                    "entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [first, second]}, ALICE
                )
            )
        )
        request.start()
        deadline = time.monotonic() + 10
        while not _waiting_on_a_lock(watcher):  # the request holds the collection, waits for `second`
            assert time.monotonic() < deadline, "the request never blocked on the image row"
            time.sleep(0.02)
        other.execute("SELECT id FROM collections WHERE id = %s FOR UPDATE", (cid,))  # closes the cycle
        other.commit()
        request.join(30)

    assert not request.is_alive()
    ok(answer[0])
    assert image_ids(pg_live, cid) == sorted([first, second])

"""Chunked collection edits against the real server: progress, chunk sizes,
unusable ids, and cancellation that leaves the server consistent."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from sqlalchemy import select

from desktop_app.api import ApiClient
from desktop_app.api.bulk import ItemsBulk, add_items, remove_items
from desktop_app.server.db.models import CollectionItem
from tests.api.loopback import FlakyApp, LoopbackServer
from tests.server.world import ALICE

pytestmark = pytest.mark.anyio


def stored_items(live, collection_id: int) -> list[int]:
    with live.sessions()() as s:
        return sorted(s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == collection_id)))


@pytest.fixture
def many(add_images, world) -> list[int]:
    """23 image ids of P1."""
    return world.images["d1"] + add_images("d1", 18, "bulk")


async def test_add_in_chunks_with_progress(api, live, world, many):
    coll = await api.collections.create(world["p1"], "bulk")
    progress = []
    job = await add_items(
        api.collections,
        coll.id,
        many + many[:3],
        chunk_size=5,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert job.total == 23  # duplicates dropped
    assert progress == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    assert sorted(job.changed) == sorted(many) and job.missing == []
    assert stored_items(live, coll.id) == sorted(many)

    progress.clear()
    job = await remove_items(
        api.collections,
        coll.id,
        many[:12] + [987654],
        chunk_size=10,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert progress == [(10, 13), (13, 13)]
    assert sorted(job.changed) == sorted(many[:12]) and job.missing == [987654]
    assert stored_items(live, coll.id) == sorted(many[12:])


async def test_unusable_ids_are_reported_and_the_rest_added(api, live, world, many):
    coll = await api.collections.create(world["p1"], "mixed")
    foreign = world.images["p2d"][0]
    ids = many[:4] + [foreign, 987654] + many[4:8]
    job = await add_items(api.collections, coll.id, ids, chunk_size=6)
    assert sorted(job.missing) == sorted([foreign, 987654])
    assert sorted(job.changed) == sorted(many[:8])
    assert stored_items(live, coll.id) == sorted(many[:8])


class SlowApp(FlakyApp):
    """Forwards every request to the real server after a pause, so that a
    cancel can arrive while a chunk is on the wire; tells when chunk 2 arrived."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.second_chunk_arrived = threading.Event()

    async def before_answer(self) -> None:
        if sum(b"entityIds" in b for b in self.bodies) == 2:
            self.second_chunk_arrived.set()
        await asyncio.sleep(0.1)


async def test_cancel_mid_chunk_keeps_finished_chunks_whole(live, world, many):
    app = SlowApp([], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, ALICE) as api:
            coll = await api.collections.create(world["p1"], "cancelled")
            job = ItemsBulk(api.collections, coll.id, many, chunk_size=5, in_flight=1)
            task = asyncio.ensure_future(job.run())
            assert await asyncio.to_thread(app.second_chunk_arrived.wait, 10)
            task.cancel()  # chunk 2 is on the wire, its answer 0.1 s away
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            # the chunk in flight landed and was recorded; nothing after it was sent
            assert job.done == 10 and sorted(job.changed) == sorted(many[:10])
            assert stored_items(live, coll.id) == sorted(many[:10])
            sent = [json.loads(b) for b in app.bodies if b"entityIds" in b]
            assert [len(b["entityIds"]) for b in sent] == [5, 5]

            await job.run()  # resumes after the last finished chunk
            assert job.done == 23 and stored_items(live, coll.id) == sorted(many)
            sent = [json.loads(b) for b in app.bodies if b"entityIds" in b]
            assert [b["entityIds"] for b in sent[2:]] == [many[10:15], many[15:20], many[20:]]


def test_chunk_size_must_be_positive():
    with pytest.raises(ValueError):
        ItemsBulk(None, 1, [1], chunk_size=0)


class CountingApp(SlowApp):
    """SlowApp that also counts how many requests it holds at once."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.active = self.most_active = 0

    async def __call__(self, scope, receive, send) -> None:
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.active -= 1


async def test_chunks_in_flight_together_report_exactly_what_changed(live, world, many):
    foreign, unknown = world.images["p2d"][0], 987654
    app = CountingApp([], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, ALICE) as api:
            coll = await api.collections.create(world["p1"], "together")
            await api.collections.add_items(coll.id, many[5:8])  # already in: answered as members
            ids = many[:6] + [foreign] + many[6:15] + [unknown] + many[15:]
            progress = []
            job = ItemsBulk(
                api.collections, coll.id, ids, chunk_size=4, in_flight=3, on_progress=lambda d, t: progress.append(d)
            )
            await job.run()
    assert app.most_active >= 2  # chunks really were in flight together
    assert job.changed == many  # in request order, each once: answers are recorded in chunk order
    assert job.missing == [foreign, unknown]
    assert progress == [4, 8, 12, 16, 20, 24, 25] and job.done == job.total == 25
    assert stored_items(live, coll.id) == sorted(many)


async def test_cancel_with_chunks_in_flight_keeps_each_whole_and_resumes_the_rest(live, world, many):
    app = SlowApp([], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, ALICE) as api:
            coll = await api.collections.create(world["p1"], "cancelled together")
            job = ItemsBulk(api.collections, coll.id, many, chunk_size=5, in_flight=3)
            task = asyncio.ensure_future(job.run())
            assert await asyncio.to_thread(app.second_chunk_arrived.wait, 10)
            task.cancel()  # three chunks on the wire: each lands whole and is recorded
            with pytest.raises(asyncio.CancelledError):
                await task
            sent = [json.loads(b)["entityIds"] for b in app.bodies if b"entityIds" in b]
            assert sent == [many[0:5], many[5:10], many[10:15]]  # nothing after the cancel
            assert job.done == 15 and job.changed == many[:15]
            assert stored_items(live, coll.id) == sorted(many[:15])

            await job.run()  # only the chunks not finished
            sent = [json.loads(b)["entityIds"] for b in app.bodies if b"entityIds" in b]
            assert sent[3:] == [many[15:20], many[20:]]
            assert job.done == 23 and job.changed == many and stored_items(live, coll.id) == sorted(many)


def test_in_flight_must_be_positive():
    with pytest.raises(ValueError):
        ItemsBulk(None, 1, [1], in_flight=0)

"""CollectionCombiner against the real server, with a real Outbox: the preview
writes nothing and brings the sample's records, the write waits for earlier
edits in the outbox (refused in words when they cannot reach the server), and the undo steps move exactly what
the combine changed."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.domain.collection_backend import ADD_ITEMS, ApiCollectionsBackend, collection_sender
from desktop_app.domain.collection_combine import CollectionCombiner, CombineIntoExisting, CombineSpec
from desktop_app.domain.collections import CollectionsService
from tests.domain.live_outbox import alice_api, fast_outbox, run
from tests.server.world import ALICE


def make(live, project_id, name, ids):
    cid = live.call("entities-collections.add", {"projectId": project_id, "name": name}, ALICE).json()["id"]
    live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": list(ids)}, ALICE)
    return cid


def members(live, cid) -> set[int]:
    body = {"projectId": live.call("entities-collections.info", {"id": cid}, ALICE).json()["projectId"]}
    body["filters"] = [{"type": "entities_collection", "data": {"collectionId": cid, "include": True}}]
    return {e["id"] for e in live.call("images.list", body, ALICE).json()["entities"]}


def next_id(live, project_id, name) -> int:
    answer = live.call("entities-collections.list", {"projectId": project_id}, ALICE).json()
    return next(c["id"] for c in answer["entities"] if c["name"] == name)


def names(live, project_id) -> set[str]:
    answer = live.call("entities-collections.list", {"projectId": project_id}, ALICE).json()
    return {c["name"] for c in answer["entities"]}


def test_spec_refusals_are_plain_words():
    with pytest.raises(ValueError, match="at least two"):
        CombineSpec("union", (1, 1), into_name="x").checked()
    with pytest.raises(ValueError, match="needs a name"):
        CombineSpec("union", (1, 2), into_name="  ").checked()
    with pytest.raises(ValueError, match="unknown operation"):
        CombineSpec("xor", (1, 2), into_name="x").checked()  # type: ignore[arg-type]
    assert CombineSpec("union", (1, 2), into_name=" x ").checked().into_name == "x"


def test_preview_write_and_undo_into_an_existing_collection(live, world, tmp_path):
    d1, d2 = world.images["d1"], world.images["d2"]
    a = make(live, world["p1"], "a", d1[:3])
    b = make(live, world["p1"], "b", [d1[2], d2[0]])
    target = make(live, world["p1"], "target", [d1[0]])

    async def main():
        client = alice_api(live.url)
        backend = ApiCollectionsBackend.from_client(client)
        async with fast_outbox(client, tmp_path, collection_sender(backend)) as outbox:
            service = CollectionsService(backend, outbox, world["p1"])
            await service.list()
            combiner = CollectionCombiner(client, service)
            spec = CombineSpec("union", (a, b), into_id=target)
            preview = await combiner.preview(spec, sample=2)
            assert (preview.result.count, preview.result.added_count) == (4, 3)
            assert [i.name for i in preview.sample] == ["d1_000.jpg", "d1_001.jpg"]
            assert preview.summary() == "4 items in the result, 3 new to the target"
            assert members(live, target) == {d1[0]}  # a preview writes nothing

            step = await combiner.write(spec)
            assert isinstance(step, CombineIntoExisting) and set(step.ids) == {d1[1], d1[2], d2[0]}
            assert step.text == "Combine collections: add 3 items to “target”"
            step.do()  # the first do is the server's write already: nothing is queued
            assert not outbox.pending()
            assert members(live, target) == {d1[0], d1[1], d1[2], d2[0]}
            await step.undo()
            assert members(live, target) == {d1[0]}
            await step.do()  # redo
            assert members(live, target) == {d1[0], d1[1], d1[2], d2[0]}
            assert await combiner.write(spec) is None  # nothing new to add: no undo step

    run(main())


def test_write_waits_for_earlier_edits_and_sees_them(live, world, tmp_path):
    d1 = world.images["d1"]
    a = make(live, world["p1"], "a", d1[:3])
    b = make(live, world["p1"], "b", d1[2:4])

    async def main():
        client = alice_api(live.url)
        backend = ApiCollectionsBackend.from_client(client)
        async with fast_outbox(client, tmp_path, collection_sender(backend), start=False) as outbox:
            service = CollectionsService(backend, outbox, world["p1"])
            await service.list()
            service.enqueue_items(
                ADD_ITEMS, service.ref(a), [world.images["d2"][0]]
            )  # not sent yet: the outbox is stopped
            write = asyncio.ensure_future(
                CollectionCombiner(client, service).write(CombineSpec("union", (a, b), into_name="both"))
            )
            await asyncio.sleep(0.2)
            assert not write.done() and "both" not in names(live, world["p1"])  # it waits for the add
            outbox.start()
            step = await write
            assert set(step.items) == {*d1[:4], world.images["d2"][0]}  # the add went first, and the union saw it

    run(main())
    assert members(live, next_id(live, world["p1"], "both")) == {*d1[:4], world.images["d2"][0]}


def test_write_is_refused_in_words_while_earlier_edits_cannot_reach_the_server(live, world, tmp_path):
    d1 = world.images["d1"]
    a = make(live, world["p1"], "a", d1[:3])
    b = make(live, world["p1"], "b", d1[2:4])

    async def main():
        client = alice_api(live.url)
        cut_off = ApiCollectionsBackend.from_client(ApiClient("http://127.0.0.1:9", ALICE, read_retry_budget=0.2))
        async with fast_outbox(client, tmp_path, collection_sender(cut_off)) as outbox:
            service = CollectionsService(ApiCollectionsBackend.from_client(client), outbox, world["p1"])
            service.enqueue_rename(a, "renamed")  # held up: its server does not answer
            while outbox.held_up() is None:
                await asyncio.sleep(0.05)
            with pytest.raises(ValueError, match="1 earlier edit is waiting for the server, which cannot be reached"):
                await CollectionCombiner(client, service).write(CombineSpec("union", (a, b), into_name="both"))
            await outbox.stop()

    run(main())
    assert names(live, world["p1"]) == {"a", "b"}

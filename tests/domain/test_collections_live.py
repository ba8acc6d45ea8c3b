"""CollectionsService against the real server, through the api client and a
real Outbox: previews, every edit, undo/redo, replay, offline."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest

from desktop_app.api.errors import Conflict
from desktop_app.domain.collection_backend import (
    ADD_ITEMS,
    CREATE,
    DELETE,
    RENAME,
    ApiCollectionsBackend,
    collection_sender,
)
from desktop_app.domain.collection_commands import AddItems, CreateCollection
from desktop_app.domain.collections import CollectionsService
from desktop_app.domain.outbox import ATTEMPT, Outbox
from tests.domain.live_outbox import alice_api, fast_outbox, run
from tests.e2e.black_hole import BlackHoleRelay
from tests.server.world import ALICE


@asynccontextmanager
async def service_for(live, world, tmp_path, *, start=True, url=None):
    client = alice_api(url or live.url)
    backend = ApiCollectionsBackend.from_client(client)
    async with fast_outbox(client, tmp_path, collection_sender(backend), start=start) as outbox:
        yield CollectionsService(backend, outbox, world["p1"])


def server_items(live, coll_id):
    resp = live.call(
        "images.list",
        {
            "projectId": live_project(live, coll_id),
            "per_page": 1000,
            "filters": [{"type": "entities_collection", "data": {"collectionId": coll_id, "include": True}}],
        },
        ALICE,
    )
    assert resp.status_code == 200, resp.text
    return sorted(e["id"] for e in resp.json()["entities"])


def live_project(live, coll_id):
    return live.call("entities-collections.info", {"id": coll_id}, ALICE).json()["projectId"]


def server_collections(live, project_id):
    resp = live.call("entities-collections.list", {"projectId": project_id}, ALICE).json()
    return {c["name"]: c for c in resp["entities"]}


def test_preview_then_add_then_undo_removes_only_what_was_new(live, world, tmp_path):
    d1, d2 = world.images["d1"], world.images["d2"]
    p2_item = world.images["p2d"][0]

    async def main():
        async with service_for(live, world, tmp_path) as svc:
            create = await svc.create("false positives", "from model v3")
            await create.do()
            cid = create.ref.id
            first = await svc.preview_add(cid, d1[:2])
            await svc.add(first).do()
            await svc.outbox.wait_idle(5)

            valid = set(d1 + d2)  # what the current listing (project P1) offered
            preview = await svc.preview_add(cid, [d1[1], d1[2], d2[0], p2_item, d1[2]], valid)
            before = server_items(live, cid)
            add = svc.add(preview)
            await add.do()
            await svc.outbox.wait_idle(5)
            after_add = server_items(live, cid)
            await add.undo()
            await svc.outbox.wait_idle(5)
            after_undo = server_items(live, cid)
            await add.do()  # redo
            await svc.outbox.wait_idle(5)
            return cid, preview, before, after_add, after_undo, server_items(live, cid)

    cid, preview, before, after_add, after_undo, after_redo = run(main())
    assert (preview.changes, preview.unchanged, preview.unavailable) == ((d1[2], d2[0]), (d1[1],), (p2_item,))
    assert preview.summary() == "2 new, 1 already in, 1 unavailable"
    assert before == sorted(d1[:2])  # the preview wrote nothing
    assert after_add == sorted([d1[0], d1[1], d1[2], d2[0]])
    assert after_undo == sorted(d1[:2])  # d1[1] was already in: the undo keeps it
    assert after_redo == after_add
    info = server_collections(live, world["p1"])["false positives"]
    assert info["description"] == "from model v3" and info["itemsCount"] == 4


def test_previews_count_edits_still_waiting_in_the_outbox(live, world, tmp_path):
    d1 = world.images["d1"]
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, ALICE).json()["id"]

    async def main():
        async with service_for(live, world, tmp_path, start=False) as svc:  # offline: nothing is sent
            svc.add(await svc.preview_add(coll, d1[:3])).do()
            svc.remove(await svc.preview_remove(coll, [d1[0]])).do()
            add_again = await svc.preview_add(coll, d1[:4])
            remove_again = await svc.preview_remove(coll, [d1[0], d1[1]])
            return add_again, remove_again, len(svc.outbox.pending())

    add_again, remove_again, waiting = run(main())
    assert add_again.changes == (d1[0], d1[3]) and add_again.unchanged == (d1[1], d1[2])
    assert remove_again.changes == (d1[1],) and remove_again.unchanged == (d1[0],)
    assert remove_again.summary() == "1 to remove, 1 not in the collection"
    assert waiting == 2
    assert server_items(live, coll) == []  # nothing reached the server


def test_rename_describe_delete_and_their_undo(live, world, tmp_path):
    d1 = world.images["d1"]

    async def main():
        async with service_for(live, world, tmp_path) as svc:
            create = await svc.create("a")
            await create.do()
            cid = create.ref.id
            add = svc.add(await svc.preview_add(cid, d1[:3]))
            await add.do()
            (coll,) = [c for c in await svc.list() if c.id == cid]
            rename = await svc.rename(coll, "b")
            await rename.do()
            describe = svc.describe(coll, "new text")
            await describe.do()
            await svc.outbox.wait_idle(5)
            states = [dict(server_collections(live, world["p1"]))]
            await describe.undo()
            await rename.undo()
            await svc.outbox.wait_idle(5)
            states.append(dict(server_collections(live, world["p1"])))

            (coll,) = [c for c in await svc.list() if c.id == cid]
            delete = await svc.delete(coll)
            await delete.do()
            await svc.outbox.wait_idle(5)
            states.append(dict(server_collections(live, world["p1"])))
            await delete.undo()  # recreated under a new id, with its items
            await svc.outbox.wait_idle(5)
            states.append(dict(server_collections(live, world["p1"])))
            new_id = delete.ref.id
            # the earlier add follows the recreated collection
            await add.undo()
            await svc.outbox.wait_idle(5)
            return cid, new_id, states, server_items(live, new_id)

    cid, new_id, states, items_after_add_undo = run(main())
    renamed, restored, deleted, recreated = states
    assert set(renamed) == {"b"} and renamed["b"]["description"] == "new text"
    assert set(restored) == {"a"} and restored["a"]["description"] == ""
    assert deleted == {}
    # (SQLite may hand out the deleted id again; the ref follows whatever id it got)
    assert recreated["a"]["id"] == new_id and recreated["a"]["itemsCount"] == 3
    assert items_after_add_undo == []


def test_create_undo_redo_and_duplicate(live, world, tmp_path):
    d2 = world.images["d2"]

    async def main():
        async with service_for(live, world, tmp_path) as svc:
            create = await svc.create("src", "d")
            await create.do()
            await svc.add(await svc.preview_add(create.ref.id, d2)).do()
            # duplicate copies the items, including edits not yet sent
            (src,) = [c for c in await svc.list() if c.name == "src"]
            dup = await svc.duplicate(src, "copy")
            await dup.do()
            await svc.outbox.wait_idle(5)
            copied = server_items(live, dup.ref.id)
            await dup.undo()
            await create.undo()
            await svc.outbox.wait_idle(5)
            gone = dict(server_collections(live, world["p1"]))
            await create.do()  # redo: a new collection of that name
            return copied, gone, dict(server_collections(live, world["p1"]))

    copied, gone, again = run(main())
    assert copied == sorted(d2)
    assert gone == {}
    assert set(again) == {"src"} and again["src"]["itemsCount"] == 0


@pytest.mark.parametrize("name", ["", "   ", "x" * 256, "taken"])
def test_bad_names_are_refused_and_change_nothing(live, world, tmp_path, name):
    live.call("entities-collections.add", {"projectId": world["p1"], "name": "taken"}, ALICE)
    other = live.call("entities-collections.add", {"projectId": world["p1"], "name": "other"}, ALICE).json()

    async def main():
        async with service_for(live, world, tmp_path) as svc:
            with pytest.raises(ValueError):
                await svc.create(name)
            (coll,) = [c for c in await svc.list() if c.id == other["id"]]
            with pytest.raises(ValueError):
                await svc.rename(coll, name)
            with pytest.raises(ValueError):
                await svc.duplicate(coll, name)
            return svc.outbox.pending()

    assert run(main()) == []
    assert set(server_collections(live, world["p1"])) == {"taken", "other"}


def test_sender_is_idempotent_and_adds_what_still_exists(live, world, tmp_path):
    d1 = world.images["d1"]
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, ALICE).json()["id"]

    async def main():
        async with service_for(live, world, tmp_path, start=False) as svc:
            send = collection_sender(svc.backend)
            await send(ADD_ITEMS, {"collectionId": coll, "entityIds": d1[:2]})
            await send(ADD_ITEMS, {"collectionId": coll, "entityIds": d1[:2]})  # a replay
            # an item gone since the preview (here: one of another project) does not block the rest
            await send(ADD_ITEMS, {"collectionId": coll, "entityIds": [d1[2], world.images["pbd"][0]]})
            added = server_items(live, coll)
            await send(DELETE, {"id": coll})
            await send(DELETE, {"id": coll})  # a replay of the delete
            return added

    assert run(main()) == sorted(d1[:3])
    assert live.call("entities-collections.info", {"id": coll}, ALICE).status_code == 404


def test_a_create_offline_waits_behind_earlier_edits_and_later_edits_follow_its_id(live, world, tmp_path):
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, ALICE).json()["id"]
    d1 = world.images["d1"]

    async def main():
        # the outbox sends to a port where nothing listens: the server "is down"
        async with service_for(live, world, tmp_path, url="http://127.0.0.1:9") as svc:
            svc.enqueue_rename(coll, "renamed offline")
            create = CreateCollection(svc, "new", "")  # svc.create() would need the server to check the name
            sent = create.do()
            add = AddItems(svc, create.ref, d1[:2]).do()  # its id is not known yet
            await asyncio.sleep(0.3)
            assert not sent.done() and not add.done()
            waiting = svc.outbox.pending()
        # the server is back: the same outbox file, sent by a reachable client
        async with service_for(live, world, tmp_path) as svc:
            await svc.outbox.wait_idle(10)
        return waiting

    waiting = run(main())
    assert [op.kind for op in waiting] == [RENAME, CREATE, ADD_ITEMS]
    assert waiting[0].last_error and waiting[0].attempts >= 1
    assert waiting[2].payload["collectionId"] == {"resultOf": waiting[1].id}
    names = server_collections(live, world["p1"])
    assert set(names) == {"renamed offline", "new"}
    assert server_items(live, names["new"]["id"]) == sorted(d1[:2])


def test_a_replayed_create_takes_the_collection_its_first_attempt_made(live, world, tmp_path):
    async def main():
        async with service_for(live, world, tmp_path, start=False) as svc:
            send = collection_sender(svc.backend)
            payload = {"projectId": world["p1"], "name": "made once", "description": ""}
            first = await send(CREATE, payload)
            token = ATTEMPT.set(2)  # the answer was lost (a crash): the outbox sends it again
            try:
                again = await send(CREATE, payload)
            finally:
                ATTEMPT.reset(token)
            with pytest.raises(Conflict):  # a first attempt does not take someone else's collection
                await send(CREATE, payload)
            return first, again

    first, again = run(main())
    assert first == again
    assert list(server_collections(live, world["p1"])) == ["made once"]


def test_large_edits_are_queued_in_chunks_the_server_accepts(tmp_path):
    from desktop_app.domain.collections import CHUNK

    box = Outbox(tmp_path / "o.sqlite", lambda kind, payload: None)
    svc = CollectionsService(backend=None, outbox=box, project_id=1)  # queuing needs no server
    ids = list(range(1, 2 * CHUNK + 2))
    svc.enqueue_items(ADD_ITEMS, 7, ids)
    ops = box.pending()
    assert [len(op.payload["entityIds"]) for op in ops] == [CHUNK, CHUNK, 1]
    assert [i for op in ops for i in op.payload["entityIds"]] == ids
    assert all(op.payload["collectionId"] == 7 and op.kind == ADD_ITEMS for op in ops)


def test_an_unchecked_add_is_settled_by_the_server_and_undo_takes_back_only_what_was_new(live, world, tmp_path):
    """The server hangs while previewing (a relay turned black hole): the preview does not
    wait for it and says the items will be checked; the add and its undo are queued at
    once. When the server answers, the sender adds only the new items and the undo
    removes only those (the two that were in stay), also on a redo and undo after."""
    d1 = world.images["d1"]
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, ALICE).json()["id"]
    live.call("entities-collections.items.bulk.add", {"collectionId": coll, "entityIds": d1[:2]}, ALICE)
    relay = BlackHoleRelay(live.server.port)

    async def main():
        async with service_for(live, world, tmp_path, start=False, url=relay.url) as svc:
            relay.hung = True
            began = asyncio.get_running_loop().time()
            preview = await svc.preview_add(coll, d1[:4])
            waited = asyncio.get_running_loop().time() - began
            add = svc.add(preview)
            add.do()
            add.undo()  # before the server has answered the add: it takes what the add will report
            relay.hung = False
            svc.outbox.start()
            await svc.outbox.wait_idle(20)
            after_undo = server_items(live, coll)
            add.do()  # redo, then undo once the add's answer is known
            await svc.outbox.wait_idle(20)
            after_redo = server_items(live, coll)
            add.undo()
            await svc.outbox.wait_idle(20)
            return preview, waited, after_undo, after_redo, server_items(live, coll), svc.outbox.failed()

    try:
        preview, waited, after_undo, after_redo, after_second_undo, failed = run(main())
    finally:
        relay.close()
    assert not preview.checked and waited < 2.0
    assert preview.summary() == "4 queued; will be checked when the server is back"
    assert after_undo == sorted(d1[:2])  # the two already in stay
    assert after_redo == sorted(d1[:4])
    assert after_second_undo == sorted(d1[:2])
    assert failed == []

"""AnnotationSaver through a real Outbox and the real server: saved, conflict
(nothing overwritten), queued while the server is down and sent when it is
back (also after a restart), written to disk before any request, replays and
chained offline saves that do not conflict with themselves, plain failures."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import asynccontextmanager

from desktop_app.api import ApiClient
from desktop_app.api.annotation_records import Annotation, Figure
from desktop_app.domain.annotation_save import SAVE, AnnotationSaver, annotation_sender
from desktop_app.domain.collection_backend import ADD_ITEMS, ApiCollectionsBackend
from desktop_app.domain.outbox_senders import app_sender
from tests.api.loopback import FlakyApp, LoopbackServer
from tests.domain.live_outbox import alice_api, fast_outbox, run
from tests.server.world import ADMIN, ALICE


@asynccontextmanager
async def saver_for(url, tmp_path, *, start=True):
    api = alice_api(url)
    async with fast_outbox(
        api, tmp_path, app_sender(api, ApiCollectionsBackend.from_client(api)), start=start
    ) as outbox:
        yield AnnotationSaver(outbox, api)


def box(image_id, left, cls="car"):
    return Annotation(image_id, 640, 480, objects=(Figure.rectangle(cls, left, 10, left + 20, 30),)).to_json()


def server_annotation(live, image_id):
    resp = live.call("annotations.info", {"imageId": image_id}, ALICE)
    assert resp.status_code == 200, resp.text
    info = resp.json()
    return info["version"], [o["points"]["exterior"] for o in info["annotation"]["objects"]]


def test_saved_to_the_dataset_of_origin_with_the_next_version(live, world, tmp_path):
    d1_item, d2_item = world.images["d1"][2], world.images["d2"][1]
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "mixed"}, ALICE).json()["id"]
    added = live.call(
        "entities-collections.items.bulk.add", {"collectionId": coll, "entityIds": [d1_item, d2_item]}, ALICE
    )
    assert added.status_code == 200, added.text

    async def main():
        async with saver_for(live.url, tmp_path) as saver:
            listed = await saver.api.images.list(project_id=world["p1"], collection_id=coll)
            image = next(i for i in listed if i.id == d2_item)  # browsing the collection
            original = await saver.api.annotations.info(image.id)
            first = await saver.save(image.id, image.dataset_id, box(image.id, 5), original.version)
            second = await saver.save_edit(await saver.api.annotations.info(image.id), box(image.id, 9))
            return original.version, first, second, saver.outbox.pending(), saver.outbox.failed()

    start, first, second, pending, failed = run(main())
    assert (first.status, first.new_version) == ("saved", start + 1)
    assert (second.status, second.new_version) == ("saved", start + 2)
    assert server_annotation(live, d2_item) == (start + 2, [[[9, 10], [29, 30]]])
    in_d2 = live.call("annotations.list", {"datasetId": world["d2"]}, ALICE).json()["entities"]
    assert [len(a["annotation"]["objects"]) for a in in_d2 if a["imageId"] == d2_item] == [1]
    assert pending == [] and failed == []


def test_conflict_overwrites_nothing_and_offers_theirs(live, world, tmp_path):
    image = world.images["d1"][3]

    async def main():
        async with saver_for(live.url, tmp_path) as saver:
            mine_from = await saver.api.annotations.info(image)
            async with ApiClient(live.url, ADMIN) as admin:  # someone else saves meanwhile
                await admin.annotations.upload(world["d1"], {image: box(image, 100)})
            conflict = await saver.save(image, world["d1"], box(image, 5), mine_from.version)
            left_in_outbox = saver.outbox.pending() + saver.outbox.failed()
            after_conflict = server_annotation(live, image)
            overwrite = await saver.save(image, world["d1"], box(image, 5), conflict.current.version)
            return mine_from.version, conflict, left_in_outbox, after_conflict, overwrite

    start, conflict, left, after_conflict, overwrite = run(main())
    assert conflict.status == "conflict" and conflict.new_version is None
    assert conflict.current.version == start + 1
    assert [o.edges() for o in conflict.current.objects] == [(100, 10, 120, 30)]
    assert "someone else saved" in conflict.message.lower()
    assert after_conflict == (start + 1, [[[100, 10], [120, 30]]])  # theirs, untouched
    assert left == []  # the editor holds the edit and the decision now
    assert (overwrite.status, overwrite.new_version) == ("saved", start + 2)
    assert server_annotation(live, image) == (start + 2, [[[5, 10], [25, 30]]])


def test_queued_while_down_then_sent_after_a_restart(live, world, tmp_path):
    image = world.images["d1"][4]
    start = server_annotation(live, image)[0]
    proxy = LoopbackServer(FlakyApp([], upstream=live.url))  # bound, not listening: connection refused

    async def offline():
        async with saver_for(proxy.url, tmp_path) as saver:
            began = time.monotonic()
            result = await saver.save(image, world["d1"], box(image, 5), start, timeout=5)
            return result, time.monotonic() - began, saver.outbox.pending()

    async def back_online():
        async with saver_for(proxy.url, tmp_path) as saver:  # a new app run on the same outbox file
            await saver.outbox.wait_idle(10)
            return saver.outbox.failed()

    result, took, pending = run(offline())
    assert result.status == "queued" and "kept" in result.message
    assert took < 3  # said so at the first failed attempt, not at the timeout
    assert [op.kind for op in pending] == [SAVE] and pending[0].payload["expectedVersion"] == start
    assert server_annotation(live, image) == (start, [])
    with proxy:
        assert run(back_online()) == []
    assert server_annotation(live, image) == (start + 1, [[[5, 10], [25, 30]]])


def test_the_edit_is_on_disk_before_the_request_leaves(live, world, tmp_path):
    image = world.images["d1"][2]
    seen_on_disk = []

    class Watching(FlakyApp):
        async def before_answer(self):
            with sqlite3.connect(tmp_path / "outbox.sqlite") as db:
                rows = db.execute("SELECT kind, payload FROM operations").fetchall()
            seen_on_disk.append([(kind, json.loads(payload)["annotation"]) for kind, payload in rows])

    with LoopbackServer(Watching([], upstream=live.url)) as proxy:

        async def main():
            async with saver_for(proxy.url, tmp_path) as saver:
                return await saver.save(image, world["d1"], box(image, 7), None)

        result = run(main())
    assert result.status == "saved"
    assert seen_on_disk and seen_on_disk[0] == [(SAVE, box(image, 7))]


def test_a_replayed_save_is_done_not_a_conflict(live, world, tmp_path):
    image = world.images["d2"][0]
    start = server_annotation(live, image)[0]
    payload = {"datasetId": world["d2"], "imageId": image, "annotation": box(image, 3), "expectedVersion": start}

    async def main():
        async with ApiClient(live.url, ALICE) as api:
            send = annotation_sender(api)
            return await send(SAVE, payload), await send(SAVE, payload)  # e.g. resent after a crash

    assert run(main()) == (start + 1, start + 1)
    assert server_annotation(live, image) == (start + 1, [[[3, 10], [23, 30]]])


def test_saves_queued_offline_build_on_each_other(live, world, tmp_path):
    image = world.images["d2"][2]
    start = server_annotation(live, image)[0]
    proxy = LoopbackServer(FlakyApp([], upstream=live.url))

    async def main():
        async with saver_for(proxy.url, tmp_path) as saver:
            first = await saver.save(image, world["d2"], box(image, 1), start, timeout=3)
            second = await saver.save(image, world["d2"], box(image, 2), start, timeout=3)
            with proxy:
                await saver.outbox.wait_idle(10)
                third = await saver.save(image, world["d2"], box(image, 3), start)  # editor never learnt a version
            return first.status, second.status, third, saver.outbox.failed()

    first, second, third, failed = run(main())
    assert (first, second) == ("queued", "queued")
    assert failed == []
    assert (third.status, third.new_version) == ("saved", start + 3)
    assert server_annotation(live, image) == (start + 3, [[[3, 10], [23, 30]]])


def test_refused_edit_fails_with_the_servers_words(live, world, tmp_path):
    image = world.images["d1"][0]
    before = server_annotation(live, image)

    async def main():
        async with saver_for(live.url, tmp_path) as saver:
            result = await saver.save(image, world["d1"], box(image, 5, cls="bicycle"), before[0])
            return result, saver.outbox.failed()

    result, failed = run(main())
    assert result.status == "failed" and "bicycle" in result.message
    assert failed == []
    assert server_annotation(live, image) == before


def test_app_sender_routes_each_kind(live, world, tmp_path):
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, ALICE).json()["id"]
    item = world.images["d1"][1]

    async def main():
        async with saver_for(live.url, tmp_path) as saver:
            unknown = saver.outbox.enqueue("projects.rename", {"id": 1}).op_id
            saver.outbox.enqueue(ADD_ITEMS, {"collectionId": coll, "entityIds": [item]})
            await saver.outbox.wait_idle(10)
            return [(op.id == unknown, op.last_error) for op in saver.outbox.failed()]

    assert run(main()) == [(True, "no sender for edits of kind 'projects.rename'")]
    listed = live.call(
        "images.list",
        {
            "projectId": world["p1"],
            "filters": [{"type": "entities_collection", "data": {"collectionId": coll, "include": True}}],
        },
        ALICE,
    ).json()
    assert [e["id"] for e in listed["entities"]] == [item]

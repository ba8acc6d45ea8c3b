"""Working a queue with QueueWork on the real server, two people: alice labels
(and saves her boxes through the outbox), admin reviews; a rejected item comes
back to alice first; counts follow every step; a submit waits for the item's
annotation to reach the server and is refused while it cannot."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from desktop_app.api import ApiClient
from desktop_app.api.annotation_records import Annotation, Figure
from desktop_app.domain.annotation_save import SAVE, AnnotationSaver
from desktop_app.domain.collection_backend import ApiCollectionsBackend
from desktop_app.domain.outbox_senders import app_sender
from desktop_app.domain.queue_work import QueueCounts, QueueWork, SubmitBlocked
from tests.api.loopback import Failure, FlakyApp, LoopbackServer
from tests.domain.live_outbox import alice_api, fast_outbox, run
from tests.server.world import ADMIN, ALICE


@asynccontextmanager
async def labeler_desk(url, tmp_path, queue_id, save_wait=10.0):
    api = alice_api(url)
    async with fast_outbox(api, tmp_path, app_sender(api, ApiCollectionsBackend.from_client(api))) as outbox:
        yield (QueueWork(api, queue_id, "labeler", outbox=outbox, save_wait=save_wait), AnnotationSaver(outbox, api))


def make_queue(live, world, ids):
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "to label"}, ALICE).json()["id"]
    live.call("entities-collections.items.bulk.add", {"collectionId": coll, "entityIds": ids}, ALICE)
    resp = live.call(
        "labeling-queues.add",
        {"name": "fix", "userIds": [world["alice"]], "reviewerIds": [world["admin"]], "collectionId": coll},
        ALICE,
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["id"]


def box(image_id, left):
    return Annotation(image_id, 640, 480, objects=(Figure.rectangle("car", left, 10, left + 20, 30),)).to_json()


def test_label_submit_review_reject_and_accept(live, world, tmp_path):
    first, second = world.images["d1"][2], world.images["d1"][3]
    queue_id = make_queue(live, world, [first, second])
    log = []

    async def main():
        async with (
            labeler_desk(live.url, tmp_path, queue_id) as (alice, saver),
            ApiClient(live.url, ADMIN) as admin_api,
        ):
            admin = QueueWork(admin_api, queue_id, "reviewer")
            log.append(("start", await alice.counts()))

            item = await alice.next()
            assert await alice.next() == item  # unfinished work comes back first
            original = await saver.api.annotations.info(item.id)
            saved = await saver.save_edit(original, box(item.id, 5))
            assert saved.status == "saved"
            await alice.submit(item.id)
            assert alice.current is None
            log.append(("submitted", await alice.counts()))

            review = await admin.next()
            assert review.id == item.id
            log.append(
                (
                    "reviewer sees",
                    [
                        o["points"]["exterior"]
                        for o in (await admin_api.annotations.info(review.id)).raw["annotation"]["objects"]
                    ],
                )
            )
            await admin.reject(review.id, "  box too loose  ")
            log.append(("rejected", await admin.counts()))

            again = await alice.next()  # the rejected item comes back before any new one
            log.append(("back", again.id == item.id, again.rejected_count, again.review_comment))
            await alice.submit(again.id)
            await admin.accept((await admin.next()).id)
            log.append(("accepted", await admin.counts()))

            other = await alice.next()
            await alice.submit(other.id)
            await admin.accept((await admin.next()).id)
            log.append(("end", await alice.next(), await admin.next(), await admin.counts()))
            return item.id, other.id

    item, other = run(main())
    assert {item, other} == {first, second}
    assert log == [
        ("start", QueueCounts(pending=2)),
        ("submitted", QueueCounts(pending=1, on_review=1)),
        ("reviewer sees", [[[5, 10], [25, 30]]]),
        ("rejected", QueueCounts(pending=1, annotating=1)),
        ("back", True, 1, "box too loose"),
        ("accepted", QueueCounts(pending=1, accepted=1)),
        ("end", None, None, QueueCounts(accepted=2)),
    ]
    assert log[-1][-1].summary() == "0 pending, 0 annotating, 0 on review, 2 accepted"


def test_roles_are_kept_apart(live, world):
    queue_id = make_queue(live, world, world.images["d1"][:1])

    async def main():
        async with ApiClient(live.url, ALICE) as api:
            labeler, reviewer = QueueWork(api, queue_id, "labeler"), QueueWork(api, queue_id, "reviewer")
            for call in (labeler.accept(1), labeler.reject(1, "x"), reviewer.submit(1)):
                with pytest.raises(ValueError) as info:
                    await call
                assert "Only a" in str(info.value)
            with pytest.raises(ValueError):
                QueueWork(api, queue_id, "boss")
            return labeler.web_url()

    assert run(main()) == f"{live.url}/labeling/queues/{queue_id}"


class SavesDown(FlakyApp):
    """Forwards everything to the real server, except annotation saves while `down` (503)."""

    down = True

    async def before_answer(self) -> None:
        if self.down and self.requests[-1][0].endswith("/annotations.bulk.add"):
            self.failures.append(Failure(503))


def test_submit_waits_for_the_items_save_and_refuses_while_it_cannot(live, world, tmp_path):
    item_id = world.images["d1"][4]
    queue_id = make_queue(live, world, [item_id])
    app = SavesDown([], upstream=live.url)
    seen = {}

    def server_state():
        entity = live.call("labeling-queues.stats.entities", {"id": queue_id}, ALICE).json()["images"][0]
        ann = live.call("annotations.info", {"imageId": item_id}, ALICE).json()["annotation"]
        return entity["status"], [o["points"]["exterior"] for o in ann["objects"]]

    async def main():
        async with labeler_desk(server.url, tmp_path, queue_id) as (alice, saver):
            item = await alice.next()
            seen["save"] = (await saver.save(item.id, world["d1"], box(item.id, 5), None, timeout=2)).status
            alice.save_wait = 0.3
            with pytest.raises(SubmitBlocked) as info:
                await alice.submit(item.id)
            seen["refused"] = str(info.value), server_state()
            app.down = False  # the server takes saves again; the outbox resends on its own
            alice.save_wait = 10
            await alice.submit(item.id)
            seen["submitted"] = server_state()

    with LoopbackServer(app) as server:
        run(main())
    assert seen["save"] == "queued"
    assert seen["refused"] == (
        "This item's annotation is still waiting to be sent; submit it when the server is back.",
        ("annotating", []),
    )
    assert seen["submitted"] == ("on_review", [[[5, 10], [25, 30]]])


def test_submit_is_refused_while_the_items_last_save_failed(live, world, tmp_path):
    item_id = world.images["d1"][0]
    queue_id = make_queue(live, world, [item_id])

    async def main():
        async with labeler_desk(live.url, tmp_path, queue_id) as (alice, saver):
            item = await alice.next()
            bad = box(item.id, 5)
            bad["objects"][0]["classTitle"] = "bicycle"  # not a class of the project
            # sent by the outbox with nobody waiting (e.g. after a "queued" save): it stays failed
            saver.outbox.enqueue(
                SAVE, {"datasetId": world["d1"], "imageId": item.id, "annotation": bad, "expectedVersion": None}
            )
            await saver.outbox.wait_idle(5)
            with pytest.raises(SubmitBlocked) as info:
                await alice.submit(item.id)
            return str(info.value)

    assert "failed" in run(main())
    entity = live.call("labeling-queues.stats.entities", {"id": queue_id}, ALICE).json()["images"][0]
    assert entity["status"] == "annotating"

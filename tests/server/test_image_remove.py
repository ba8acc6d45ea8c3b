"""images.bulk.remove (api.image.remove_batch): a deleted image leaves every
collection and queue, counts follow, images.info is 404; ids the caller cannot
see are skipped (so deleting twice is fine); a refused call changes nothing."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from desktop_app.server.collections.rules import MAX_IDS_PER_REQUEST
from desktop_app.server.db.models import CollectionItem, Figure, Image, ImageTag, QueueItem, Team
from desktop_app.server.users.bootstrap import ensure_member, ensure_user
from tests.server.http_helpers import ok, refused
from tests.server.queue_work_helpers import counts, entity, make_queue, stats_items, step
from tests.server.test_collection_items import add, new_collection
from tests.server.world import ALICE, BOB

VIEWER = "viewer-token"


def remove(live, ids, token=ALICE):
    return live.call("images.bulk.remove", {"imageIds": ids}, token)


def snapshot(live):
    """Row counts and ids of everything a delete touches."""
    with live.sessions()() as s:
        return (
            sorted(s.scalars(select(Image.id))),
            *(s.scalar(select(func.count()).select_from(m)) for m in (Figure, ImageTag, CollectionItem, QueueItem)),
        )


def info_status(live, image_id, token=ALICE):
    return live.call("images.info", {"id": image_id}, token).status_code


def items_count(live, cid):
    return ok(live.call("entities-collections.info", {"id": cid}, ALICE))["itemsCount"]


def test_delete_leaves_collections_and_queues_and_counts_follow(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    cid = new_collection(live, world["p1"], "kept")
    ok(add(live, cid, [d1[0], d1[1], d2[0]]))
    qid, src = make_queue(live, world, [d1[0], d1[2], d2[1]], [world["alice"]], [world["admin"]])
    started = entity(step(live, "take-next", ALICE, qid))["id"]
    assert started == d1[0]
    assert counts(live, qid) == (3, 2, 1, 0, 0)

    assert ok(remove(live, [d1[1], d1[0], d2[1]])) == {"success": True}

    for gone in (d1[0], d1[1], d2[1]):
        assert info_status(live, gone) == 404
    assert info_status(live, d1[2]) == 200
    assert items_count(live, cid) == 1
    assert items_count(live, src) == 1
    assert counts(live, qid) == (1, 1, 0, 0, 0)
    assert stats_items(live, qid).keys() == {d1[2]}
    assert ok(live.call("datasets.info", {"id": world["d1"]}, ALICE))["imagesCount"] == 3
    assert ok(live.call("datasets.info", {"id": world["d2"]}, ALICE))["itemsCount"] == 4
    assert ok(live.call("projects.info", {"id": world["p1"]}, ALICE))["imagesCount"] == 7
    listed = ok(live.call("images.list", {"datasetId": world["d1"]}, ALICE))
    assert sorted(i["id"] for i in listed["entities"]) == d1[2:]
    with live.sessions()() as s:  # the annotation went with the images
        assert s.scalar(select(func.count()).select_from(Figure)) == 0
        assert s.scalar(select(func.count()).select_from(ImageTag)) == 0
        assert s.scalar(select(func.count()).select_from(QueueItem)) == 0


def test_deleting_twice_and_unknown_ids_are_not_errors(live, world):
    d1 = world.images["d1"]
    ok(remove(live, [d1[4]]))
    before = snapshot(live)
    ok(remove(live, [d1[4]]))
    ok(remove(live, [999_999, 0, -3]))
    ok(remove(live, []))
    assert snapshot(live) == before


def test_mixed_ids_delete_the_visible_ones_only(live, world):
    d1, pb = world.images["d1"], world.images["pbd"]
    ok(remove(live, [d1[3], 999_999, pb[0], d1[3]]))
    assert info_status(live, d1[3]) == 404
    # bob's image is not alice's to see, so it was skipped, not deleted
    assert info_status(live, pb[0], BOB) == 200
    # and bob cannot delete alice's
    ok(remove(live, [d1[2]], BOB))
    assert info_status(live, d1[2]) == 200


def add_viewer(live):
    with live.sessions()() as s, s.begin():
        viewer = ensure_user(s, "vic", token=VIEWER)
        ensure_member(s, s.scalar(select(Team).where(Team.name == "team-a")), viewer, "viewer")


def test_refused_calls_change_nothing(live, world):
    add_viewer(live)
    d1 = world.images["d1"]
    cid = new_collection(live, world["p1"], "c")
    ok(add(live, cid, d1[:2]))
    before = snapshot(live)
    # a viewer may look but not delete
    r = remove(live, [d1[0], d1[1]], VIEWER)
    assert "role" in refused(r, 403)
    assert r.json()["details"]["ids"] == d1[:2]
    assert info_status(live, d1[0], VIEWER) == 200
    # bad bodies
    refused(remove(live, "1,2"))
    refused(remove(live, [d1[0], "x"]))
    refused(live.call("images.bulk.remove", {}, ALICE))
    refused(remove(live, [d1[0]] + list(range(10**6, 10**6 + MAX_IDS_PER_REQUEST))))
    assert live.call("images.bulk.remove", {"imageIds": [d1[0]]}, "bad-token").status_code == 401
    assert snapshot(live) == before


def test_concurrent_overlapping_deletes(live, world):
    ids = world.images["d1"] + world.images["d2"]
    answers: list[int] = []

    def run(order):
        answers.append(remove(live, order).status_code)

    threads = [threading.Thread(target=run, args=(ids if i % 2 else ids[::-1],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200] * 4
    assert ok(live.call("projects.info", {"id": world["p1"]}, ALICE))["imagesCount"] == 0

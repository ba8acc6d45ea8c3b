"""labeling-queues.editInfo and .remove (the bundled server's own, wire-contract
4.5) over HTTP on both backends: what changes, what a removed labeler gives
back, every bad input a 4xx that changes nothing, and a deleted queue leaves
its collection and items."""

from __future__ import annotations

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.queue_work_helpers import entity, make_queue, step
from tests.server.role_world import snapshot
from tests.server.world import ADMIN, ALICE, BOB


def info(live, qid):
    return ok(live.call("labeling-queues.info", {"id": qid}, ALICE))


def test_edit_changes_name_people_limits_and_options(live, world):
    qid, _cid = make_queue(live, world, world.images["d1"][:3], [world["alice"]], [world["alice"]])
    answer = ok(
        live.call(
            "labeling-queues.editInfo",
            {
                "id": qid,
                "name": "  Renamed ",
                "description": "batch 2",
                "userIds": [world["alice"], world["admin"]],
                "reviewerIds": [world["admin"]],
                "meta": {"imageFiguresLimit": 4},
                "queueMeta": {"reviewOwnAnnotationsAvailable": True},
            },
            ALICE,
        )
    )
    stored = info(live, qid)
    assert answer == stored
    assert stored["name"] == "Renamed" and stored["description"] == "batch 2"
    assert [u["id"] for u in stored["labelers"]] == sorted([world["alice"], world["admin"]])
    assert [u["id"] for u in stored["reviewers"]] == [world["admin"]]
    assert len(stored["jobs"]) == 2  # one job per labeler, as on create
    assert stored["meta"]["imageFiguresLimit"] == 4 and stored["meta"]["dynamicClasses"] is True  # merged
    assert stored["queueMeta"] == {"reviewOwnAnnotationsAvailable": True}
    assert ok(live.call("labeling-queues.editInfo", {"id": qid}, ALICE))["name"] == "Renamed"  # nothing to change


def test_a_labeler_taken_off_gives_back_what_they_were_annotating(live, world):
    qid, _cid = make_queue(live, world, world.images["d1"][:3], [world["alice"], world["admin"]], [world["alice"]])
    held = entity(step(live, "take-next", ADMIN, qid))["id"]
    ok(live.call("labeling-queues.editInfo", {"id": qid, "userIds": [world["alice"]]}, ALICE))
    stored = info(live, qid)
    assert stored["inProgressCount"] == 0 and stored["pendingCount"] == 3
    assert refused(step(live, "take-next", ADMIN, qid), 403)
    assert entity(step(live, "take-next", ALICE, qid))["id"] == held  # back in the pool


BAD_EDITS = [
    ({"name": "   "}, 400, "name"),
    ({"name": "x" * 300}, 400, "255"),
    ({"name": "taken"}, 400, "already exists"),
    ({"userIds": []}, 400, "at least one labeler"),
    ({"reviewerIds": []}, 400, "at least one reviewer"),
    ({"userIds": [999999]}, 400, "not members"),
    ({"meta": {"classes": ["car"]}}, 400, "classes"),
    ({"meta": {"imageFiguresLimit": -1}}, 400, "imageFiguresLimit"),
    ({"queueMeta": {"reviewOwnAnnotationsAvailable": "yes"}}, 400, "reviewOwnAnnotationsAvailable"),
    ({"name": 5}, 400, "name"),
]


@pytest.mark.parametrize("change,status,words", BAD_EDITS, ids=[str(c) for c, _s, _w in BAD_EDITS])
def test_a_bad_edit_is_refused_and_changes_nothing(live, world, change, status, words):
    qid, _cid = make_queue(live, world, world.images["d1"][:2], [world["alice"]], [world["alice"]])
    make_queue(live, world, world.images["d1"][2:3], [world["alice"]], [world["alice"]], name="taken")
    before = snapshot(live)
    message = refused(live.call("labeling-queues.editInfo", {"id": qid, **change}, ALICE), status)
    assert words in message
    assert snapshot(live) == before


def test_unknown_and_other_teams_queues_are_404(live, world):
    qid, _cid = make_queue(live, world, world.images["d1"][:2], [world["alice"]], [world["alice"]])
    before = snapshot(live)
    for method, body in (
        ("labeling-queues.editInfo", {"id": qid, "name": "mine"}),
        ("labeling-queues.remove", {"id": qid}),
    ):
        refused(live.call(method, body, BOB), 404)
        refused(live.call(method, {**body, "id": 987654}, ALICE), 404)
        refused(live.call(method, {**body, "id": "3"}, ALICE), 400)
    assert snapshot(live) == before


def test_remove_deletes_the_queue_and_its_work_but_not_its_collection_or_items(live, world):
    items = world.images["d1"][:3]
    qid, cid = make_queue(live, world, items, [world["alice"]], [world["alice"]])
    entity(step(live, "take-next", ALICE, qid))
    assert ok(live.call("labeling-queues.remove", {"id": qid}, ALICE)) == {"success": True}
    refused(live.call("labeling-queues.info", {"id": qid}, ALICE), 404)
    listed = ok(live.call("labeling-queues.list", {"teamId": world["team_a"]}, ALICE))["entities"]
    assert qid not in [q["id"] for q in listed]
    coll = ok(live.call("entities-collections.info", {"id": cid}, ALICE))
    assert coll["id"] == cid
    for image_id in items:
        ok(live.call("images.info", {"id": image_id}, ALICE))
    refused(live.call("labeling-queues.remove", {"id": qid}, ALICE), 404)  # once

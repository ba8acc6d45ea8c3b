"""Working a labeling queue over HTTP on both backends: take the next item,
submit it, review it (accept or reject back to its annotator); permissions,
wrong states, a queue that follows its collection, concurrent takers, and the
counts and statuses that follow."""

from __future__ import annotations

import threading
from collections import defaultdict

import httpx
from sqlalchemy import select

from desktop_app.server.db.models import QueueItem, Team
from desktop_app.server.users.bootstrap import ensure_member, ensure_user
from tests.server.queue_work_helpers import (
    counts,
    entity,
    make_queue,
    queue_status,
    refused,
    stats_items,
    step,
    work_rows,
)
from tests.server.world import ADMIN, ALICE, BOB

CAROL = "carol-token"


def add_carol(live):
    """A third member of team A, in no queue."""
    with live.sessions()() as s, s.begin():
        carol = ensure_user(s, "carol", token=CAROL)
        ensure_member(s, s.scalar(select(Team).where(Team.name == "team-a")), carol)
        return carol.id


def test_full_cycle_with_two_users(live, world):
    d1 = world.images["d1"]
    alice, admin = world["alice"], world["admin"]
    qid, _ = make_queue(live, world, d1[:2], [alice], [admin])
    assert counts(live, qid) == (2, 2, 0, 0, 0)
    assert queue_status(live, qid) == ("pending", None)

    first = entity(step(live, "take-next", ALICE, qid))
    assert (
        first["id"],
        first["name"],
        first["datasetId"],
        first["status"],
        first["labelerId"],
        first["rejectedCount"],
    ) == (d1[0], "d1_000.jpg", world["d1"], "annotating", alice, 0)
    assert counts(live, qid) == (2, 1, 1, 0, 0)
    assert queue_status(live, qid) == ("in_progress", None)
    assert stats_items(live, qid, entityStatus=["none"]).keys() == {d1[0]}
    # asking again gives the unfinished item back, not a new one
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[0]
    assert counts(live, qid) == (2, 1, 1, 0, 0)

    submitted = entity(step(live, "submit", ALICE, qid, d1[0]))
    assert (submitted["id"], submitted["status"], submitted["reviewStatus"]) == (d1[0], "on_review", "done")
    assert counts(live, qid) == (2, 1, 0, 1, 0)
    assert entity(step(live, "review-next", ADMIN, qid))["id"] == d1[0]
    assert counts(live, qid) == (2, 1, 0, 1, 0)  # looking does not change anything

    rejected = entity(step(live, "reject", ADMIN, qid, d1[0], comment="the box misses the bumper"))
    assert (
        rejected["status"],
        rejected["labelerId"],
        rejected["reviewerId"],
        rejected["rejectedCount"],
        rejected["reviewComment"],
    ) == ("annotating", alice, admin, 1, "the box misses the bumper")
    assert counts(live, qid) == (2, 1, 1, 0, 0)
    item = stats_items(live, qid)[d1[0]]
    assert (
        item["reviewStatus"],
        item["labelerId"],
        item["reviewerId"],
        item["rejectedCount"],
        item["reviewComment"],
    ) == ("none", alice, admin, 1, "the box misses the bumper")
    assert entity(step(live, "review-next", ADMIN, qid)) is None

    # the rejected item comes back to its annotator before the pending one
    again = entity(step(live, "take-next", ALICE, qid))
    assert (again["id"], again["rejectedCount"]) == (d1[0], 1)
    entity(step(live, "submit", ALICE, qid, d1[0]))
    accepted = entity(step(live, "accept", ADMIN, qid, d1[0]))
    assert (accepted["status"], accepted["reviewStatus"], accepted["reviewerId"]) == ("accepted", "accepted", admin)
    assert accepted["reviewedAt"]
    assert counts(live, qid) == (2, 1, 0, 0, 1)
    assert queue_status(live, qid) == ("in_progress", None)
    assert stats_items(live, qid, entityStatus=["accepted"]).keys() == {d1[0]}

    last = entity(step(live, "take-next", ALICE, qid))["id"]
    assert last == d1[1]
    entity(step(live, "submit", ALICE, qid, last))
    assert counts(live, qid) == (2, 0, 0, 1, 1)
    assert entity(step(live, "review-next", ADMIN, qid))["id"] == last
    entity(step(live, "accept", ADMIN, qid, last))
    assert counts(live, qid) == (2, 0, 0, 0, 2)
    status, finished = queue_status(live, qid)
    assert status == "completed" and finished
    assert entity(step(live, "take-next", ALICE, qid)) is None
    assert entity(step(live, "review-next", ADMIN, qid)) is None
    assert {i["reviewStatus"] for i in stats_items(live, qid).values()} == {"accepted"}


def test_own_unfinished_items_come_first_oldest_first(live, world):
    d1 = world.images["d1"]
    alice, admin = world["alice"], world["admin"]
    qid, _ = make_queue(live, world, d1[:4], [alice], [admin])
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[0]
    entity(step(live, "submit", ALICE, qid, d1[0]))
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[1]  # taken, not submitted
    entity(step(live, "reject", ADMIN, qid, d1[0], comment="redo"))
    # two items are alice's now: d1[1] has waited longer than the rejected d1[0]
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[1]
    entity(step(live, "submit", ALICE, qid, d1[1]))
    back = entity(step(live, "take-next", ALICE, qid))
    assert (back["id"], back["rejectedCount"], back["reviewComment"]) == (d1[0], 1, "redo")
    entity(step(live, "submit", ALICE, qid, d1[0]))
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[2]
    assert counts(live, qid) == (4, 1, 1, 2, 0)


def test_permissions(live, world):
    d1 = world.images["d1"]
    alice, admin = world["alice"], world["admin"]
    carol = add_carol(live)
    # alice labels, admin reviews; carol is in the team but not in the queue
    qid, _ = make_queue(live, world, d1[:3], [alice], [admin])
    entity(step(live, "take-next", ALICE, qid))
    entity(step(live, "submit", ALICE, qid, d1[0]))
    before = work_rows(live)
    on_review = {"entity_id": d1[0]}
    for name, token, extra in (
        ("take-next", ADMIN, {}),
        ("take-next", CAROL, {}),
        ("submit", CAROL, on_review),
        ("review-next", ALICE, {}),
        ("accept", ALICE, on_review),
        ("reject", ALICE, on_review),
        ("review-next", CAROL, {}),
        ("accept", CAROL, on_review),
    ):
        details = refused(step(live, name, token, qid, **extra), 403)
        assert "you are not a" in details["message"] and str(qid) in details["message"], details
    # another team's user does not even see the queue
    for name, extra in (("take-next", {}), ("submit", {"entity_id": d1[0]}), ("accept", {"entity_id": d1[0]})):
        refused(step(live, name, BOB, qid, **extra), 404)
    refused(step(live, "take-next", None, qid), 401)
    assert work_rows(live) == before

    # two labelers: one cannot submit the other's item; reviewing one's own
    # annotation needs queueMeta.reviewOwnAnnotationsAvailable
    shared, _ = make_queue(live, world, d1[3:5], [alice, carol, admin], [admin], name="shared")
    mine = entity(step(live, "take-next", ADMIN, shared))["id"]
    before = work_rows(live)
    assert "another labeler" in refused(step(live, "submit", ALICE, shared, mine), 403)["message"]
    assert work_rows(live) == before
    entity(step(live, "submit", ADMIN, shared, mine))
    assert entity(step(live, "review-next", ADMIN, shared)) is None  # skips the reviewer's own item
    before = work_rows(live)
    for name in ("accept", "reject"):
        assert "your own annotation" in refused(step(live, name, ADMIN, shared, mine), 403)["message"]
    assert work_rows(live) == before
    carols = entity(step(live, "take-next", CAROL, shared))
    assert (carols["labelerId"], carols["id"]) == (carol, d1[4])
    entity(step(live, "submit", CAROL, shared, d1[4]))
    assert entity(step(live, "review-next", ADMIN, shared))["id"] == d1[4]
    entity(step(live, "accept", ADMIN, shared, d1[4]))

    own, _ = make_queue(live, world, d1[:1], [admin], [admin], name="own", own_review=True)
    entity(step(live, "take-next", ADMIN, own))
    entity(step(live, "submit", ADMIN, own, d1[0]))
    assert entity(step(live, "review-next", ADMIN, own))["id"] == d1[0]
    assert entity(step(live, "accept", ADMIN, own, d1[0]))["status"] == "accepted"


def test_wrong_states_and_bad_requests_change_nothing(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    alice, admin = world["alice"], world["admin"]
    qid, _ = make_queue(live, world, d1[:4], [alice], [admin])
    # d1[0] accepted, d1[1] on review, d1[2] annotating, d1[3] pending
    for image in d1[:3]:
        assert entity(step(live, "take-next", ALICE, qid))["id"] == image
        if image != d1[2]:
            entity(step(live, "submit", ALICE, qid, image))
    entity(step(live, "accept", ADMIN, qid, d1[0]))
    before, before_counts = work_rows(live), counts(live, qid)

    wrong = [
        ("submit", ALICE, d1[3], "pending"),
        ("submit", ALICE, d1[1], "on_review"),
        ("submit", ALICE, d1[0], "accepted"),
        ("accept", ADMIN, d1[2], "annotating"),
        ("accept", ADMIN, d1[3], "pending"),
        ("accept", ADMIN, d1[0], "accepted"),
        ("reject", ADMIN, d1[2], "annotating"),
        ("reject", ADMIN, d1[0], "accepted"),
    ]
    for name, token, image, state in wrong:
        details = refused(step(live, name, token, qid, image), 400)
        assert f"is {state}" in details["message"] and details["status"] == state, (name, details)
        assert details["type"] == "WRONG_STATE"
    for name, token in (("submit", ALICE), ("accept", ADMIN), ("reject", ADMIN)):
        for stranger in (d2[0], world.images["pbd"][0], 999_999, 2**40, 0, -1):
            assert "not an item" in refused(step(live, name, token, qid, stranger), 404)["message"]
    bad_bodies = [
        ("submit", ALICE, {"id": qid}),
        ("submit", ALICE, {"id": qid, "entityId": str(d1[2])}),
        ("submit", ALICE, {"entityId": d1[2]}),
        ("take-next", ALICE, {"id": "x"}),
        ("take-next", ALICE, []),
        ("reject", ADMIN, {"id": qid, "entityId": d1[1], "comment": 5}),
        ("reject", ADMIN, {"id": qid, "entityId": d1[1], "comment": "x" * 10_001}),
    ]
    for name, token, body in bad_bodies:
        refused(live.call(f"labeling-queues.entities.{name}", body, token), 400)
    for name, token in (("take-next", ALICE), ("review-next", ADMIN), ("submit", ALICE)):
        for unknown in (999_999, 2**40):
            refused(step(live, name, token, unknown, d1[0] if name == "submit" else None), 404)
    assert work_rows(live) == before
    assert counts(live, qid) == before_counts


def test_stopped_queue_hands_out_no_new_items(live, world):
    d1 = world.images["d1"]
    qid, _ = make_queue(live, world, d1[:3], [world["alice"]], [world["admin"]])
    taken = entity(step(live, "take-next", ALICE, qid))["id"]
    assert live.call("labeling-queues.set-status", {"id": qid, "status": "stopped"}, ALICE).status_code == 200
    assert entity(step(live, "take-next", ALICE, qid))["id"] == taken  # started work is still handed back
    entity(step(live, "submit", ALICE, qid, taken))
    before = work_rows(live)
    details = refused(step(live, "take-next", ALICE, qid), 400)
    assert "stopped" in details["message"] and details["status"] == "stopped"
    assert work_rows(live) == before
    entity(step(live, "accept", ADMIN, qid, taken))
    assert queue_status(live, qid)[0] == "stopped"  # work does not restart a stopped queue
    assert live.call("labeling-queues.set-status", {"id": qid, "status": "in_progress"}, ALICE).status_code == 200
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[1]


def test_collection_queue_follows_its_collection(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    alice, admin = world["alice"], world["admin"]
    # excluding images tagged 'reviewed' (d1[1]) as the queue's meta says
    qid, cid = make_queue(
        live, world, d1[:2], [alice], [admin], meta={"imageTags": [{"name": "reviewed", "positive": False}]}
    )
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[0]
    # removed from the collection while being annotated: stays, can be submitted and accepted
    live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [d1[0]]}, ALICE)
    assert counts(live, qid) == (1, 0, 1, 0, 0)
    entity(step(live, "submit", ALICE, qid, d1[0]))
    entity(step(live, "accept", ADMIN, qid, d1[0]))
    assert counts(live, qid) == (1, 0, 0, 0, 1)
    assert queue_status(live, qid)[0] == "completed"
    assert entity(step(live, "take-next", ALICE, qid)) is None  # d1[1] is excluded by its tag
    # items added to the collection later are handed out, lowest id first
    live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [d2[1], d1[3]]}, ALICE)
    assert counts(live, qid) == (3, 2, 0, 0, 1)
    assert entity(step(live, "take-next", ALICE, qid))["id"] == d1[3]
    status, finished = queue_status(live, qid)
    assert (status, finished) == ("in_progress", None)  # new work reopened the finished queue
    entity(step(live, "submit", ALICE, qid, d1[3]))
    # a pending item removed from the collection is no longer handed out
    live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [d2[1]]}, ALICE)
    assert entity(step(live, "take-next", ALICE, qid)) is None
    item = stats_items(live, qid)[d1[3]]
    assert (item["datasetId"], item["reviewStatus"]) == (world["d1"], "done")


def test_concurrent_takers_never_share_an_item(live, world):
    """2 labelers x 10 threads take and submit until nothing is left: every
    item goes to exactly one labeler and is submitted exactly once."""
    items = world.images["d1"] + world.images["d2"]
    qid, _ = make_queue(live, world, items, [world["alice"], world["admin"]], [world["admin"]])
    start = threading.Barrier(20)
    received: dict[int, set[str]] = defaultdict(set)
    submits: dict[int, list[int]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()

    def work(token):
        with httpx.Client(base_url=live.url, timeout=60, headers={"x-api-key": token}) as http:
            start.wait()
            for _ in range(len(items) + 5):
                r = http.post("/public/api/v3/labeling-queues.entities.take-next", json={"id": qid})
                if r.status_code != 200:
                    errors.append(r.text)
                    return
                got = r.json()["entity"]
                if got is None:
                    return
                s = http.post("/public/api/v3/labeling-queues.entities.submit", json={"id": qid, "entityId": got["id"]})
                with lock:
                    received[got["id"]].add(token)
                    submits[got["id"]].append(s.status_code)

    threads = [threading.Thread(target=work, args=(token,)) for token in (ALICE, ADMIN) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(received) == sorted(items)
    assert all(len(users) == 1 for users in received.values()), received
    # a second thread of the same labeler may be handed that labeler's unfinished
    # item; one of its submits then finds it on review already (400)
    assert all(codes.count(200) == 1 and set(codes) <= {200, 400} for codes in submits.values()), submits
    with live.sessions()() as s:
        rows = s.scalars(select(QueueItem).where(QueueItem.queue_id == qid)).all()
    tokens = {world["alice"]: ALICE, world["admin"]: ADMIN}
    assert sorted(r.image_id for r in rows) == sorted(items)
    assert all(r.status == "on_review" and received[r.image_id] == {tokens[r.labeler_id]} for r in rows)
    assert counts(live, qid) == (len(items), 0, 0, len(items), 0)

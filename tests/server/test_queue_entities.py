"""Which items a queue holds: a collection-source queue follows its
collection; work already started stays. Read through labeling-queues.info
counts and labeling-queues.stats.entities (paged as the SDK pages it)."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.server.db.models import LabelingQueue, QueueItem
from desktop_app.server.queues.entities import entity_status
from tests.server.test_queues import all_options_body, collection_with, minimal_body
from tests.server.world import ALICE, BOB


def make_queue(live, world, body):
    r = live.call("labeling-queues.add", body, ALICE)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def set_item(live, qid, image_id, status):
    """Put an item's work state straight into the database, as the later work methods will."""
    with live.sessions()() as s, s.begin():
        row = s.scalar(select(QueueItem).where(QueueItem.queue_id == qid, QueueItem.image_id == image_id))
        if row is None:
            s.add(QueueItem(queue_id=qid, image_id=image_id, status=status))
        else:
            row.status = status


def counts(live, qid):
    q = live.call("labeling-queues.info", {"id": qid}, ALICE).json()
    return {k: q[k] for k in ("entitiesCount", "pendingCount", "inProgressCount", "annotatedCount", "acceptedCount")}


def count_tuple(live, qid):
    c = counts(live, qid)
    return (c["entitiesCount"], c["pendingCount"], c["inProgressCount"], c["annotatedCount"], c["acceptedCount"])


def stats(live, qid, token=ALICE, **extra):
    body = {"id": qid, "page": 1, "per_page": 25, "sort": "name", "sort_order": "asc", **extra}
    return live.call("labeling-queues.stats.entities", body, token)


def entity_ids(live, qid, **extra):
    r = stats(live, qid, per_page=100, **extra)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["images"]]


def test_queue_follows_its_collection(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    cid = collection_with(live, world, d1[:2])
    qid = make_queue(live, world, minimal_body(world, cid))
    assert count_tuple(live, qid) == (2, 2, 0, 0, 0)
    # items added later enter the queue as pending
    live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [d1[2], d2[0]]}, ALICE)
    assert count_tuple(live, qid) == (4, 4, 0, 0, 0)
    assert sorted(entity_ids(live, qid)) == sorted([d1[0], d1[1], d1[2], d2[0]])
    # a pending item removed from the collection leaves the queue
    live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [d1[1]]}, ALICE)
    assert count_tuple(live, qid) == (3, 3, 0, 0, 0)
    assert d1[1] not in entity_ids(live, qid)
    # ... also when it has a QueueItem row that is still pending
    set_item(live, qid, d1[2], "pending")
    live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [d1[2]]}, ALICE)
    assert d1[2] not in entity_ids(live, qid)
    # an item whose work has started stays after it leaves the collection
    set_item(live, qid, d1[0], "annotating")
    live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [d1[0]]}, ALICE)
    assert count_tuple(live, qid) == (2, 1, 1, 0, 0)
    r = stats(live, qid, sort="id").json()
    assert [(i["id"], i["reviewStatus"], i["status"]) for i in r["images"]] == [
        (d1[0], "none", "annotating"),
        (d2[0], None, "pending"),
    ]
    # coming back to the collection does not duplicate it
    live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [d1[0]]}, ALICE)
    assert count_tuple(live, qid) == (2, 1, 1, 0, 0)


def test_deleting_the_source_collection_keeps_started_work(live, world):
    d1 = world.images["d1"]
    cid = collection_with(live, world, d1[:4])
    qid = make_queue(live, world, minimal_body(world, cid))
    set_item(live, qid, d1[1], "on_review")
    set_item(live, qid, d1[2], "accepted")
    assert live.call("entities-collections.remove", {"id": cid, "hardDelete": True}, ALICE).status_code == 200
    q = live.call("labeling-queues.info", {"id": qid}, ALICE).json()
    assert q["collectionId"] is None
    assert count_tuple(live, qid) == (2, 0, 0, 1, 1)
    assert sorted(entity_ids(live, qid)) == [d1[1], d1[2]]


def test_counts_per_status(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    cid = collection_with(live, world, d1 + d2)
    qid = make_queue(live, world, minimal_body(world, cid))
    for img, status in (
        (d1[0], "annotating"),
        (d1[1], "annotating"),
        (d1[2], "on_review"),
        (d2[0], "accepted"),
        (d2[1], "pending"),
    ):
        set_item(live, qid, img, status)
    assert counts(live, qid) == {
        "entitiesCount": 10,
        "pendingCount": 6,
        "inProgressCount": 2,
        "annotatedCount": 1,
        "acceptedCount": 1,
    }


def test_stats_pages_exactly_as_asked(live, world):
    d1 = world.images["d1"]
    cid = collection_with(live, world, d1)
    qid = make_queue(live, world, minimal_body(world, cid))
    pages = []
    for page in (1, 2, 3, 4):
        r = stats(live, qid, page=page, per_page=2)
        assert r.status_code == 200, r.text
        assert r.json()["total"] == 5
        pages.append([i["name"] for i in r.json()["images"]])
    assert [len(p) for p in pages] == [2, 2, 1, 0]
    assert [n for p in pages for n in p] == sorted(f"d1_{i:03d}.jpg" for i in range(5))
    desc = [i["id"] for i in stats(live, qid, per_page=2, sort="name", sort_order="desc").json()["images"]]
    assert desc == [d1[4], d1[3]]
    one = stats(live, qid, per_page=1).json()
    assert one["total"] == 5 and len(one["images"]) == 1
    item = one["images"][0]
    assert (item["id"], item["name"], item["datasetId"], item["reviewStatus"], item["labelerId"]) == (
        d1[0],
        "d1_000.jpg",
        world["d1"],
        None,
        None,
    )


def test_stats_entity_status_filters(live, world):
    d1 = world.images["d1"]
    cid = collection_with(live, world, d1)
    qid = make_queue(live, world, minimal_body(world, cid))
    set_item(live, qid, d1[0], "annotating")
    set_item(live, qid, d1[1], "on_review")
    set_item(live, qid, d1[2], "accepted")
    set_item(live, qid, d1[3], "accepted")

    def by_status(wanted, per_page=2):
        images, total, page = [], None, 1
        while True:  # the SDK's own page loop
            r = stats(live, qid, entityStatus=wanted, per_page=per_page, page=page, sort="id")
            assert r.status_code == 200, r.text
            total = r.json()["total"]
            images += [i["id"] for i in r.json()["images"]]
            if page * per_page >= total:
                break
            page += 1
        assert len(images) == total
        return images

    assert by_status([None]) == [d1[4]]
    assert by_status(["none"]) == [d1[0]]
    assert by_status(["done"]) == [d1[1]]
    assert by_status(["accepted"]) == [d1[2], d1[3]]
    assert by_status([None, "accepted"]) == [d1[2], d1[3], d1[4]]
    assert by_status([None, "none", "done", "accepted"]) == d1
    assert by_status(["accepted"], per_page=1) == [d1[2], d1[3]]
    for bad in (["pending"], ["rejected"], "accepted", [1]):
        r = stats(live, qid, entityStatus=bad)
        assert r.status_code == 400, bad
    by_review = [i["reviewStatus"] for i in stats(live, qid, sort="reviewStatus").json()["images"]]
    assert by_review == [None, "none", "done", "accepted", "accepted"]


def test_stats_collection_and_field_filters(live, world):
    d1 = world.images["d1"]
    source = collection_with(live, world, d1, "source")
    picked = collection_with(live, world, [d1[1], d1[3], world.images["d2"][0]], "picked")
    qid = make_queue(live, world, minimal_body(world, source))

    def coll_filter(include):
        return [{"type": "entities_collection", "data": {"collectionId": picked, "include": include}}]

    assert entity_ids(live, qid, sort="id", filters=coll_filter(True)) == [d1[1], d1[3]]
    assert entity_ids(live, qid, sort="id", filters=coll_filter(False)) == [d1[0], d1[2], d1[4]]
    assert entity_ids(
        live, qid, sort="id", filter=[{"field": "name", "operator": "in", "value": ["d1_002.jpg", "d1_004.jpg", "x"]}]
    ) == [d1[2], d1[4]]
    set_item(live, qid, d1[1], "accepted")
    assert entity_ids(live, qid, filters=coll_filter(True), entityStatus=["accepted"]) == [d1[1]]
    bob_coll = live.call("entities-collections.add", {"projectId": world["pb"], "name": "b"}, BOB).json()["id"]
    invisible = {"type": "entities_collection", "data": {"collectionId": bob_coll, "include": True}}
    assert stats(live, qid, filters=[invisible]).status_code == 404
    bad_requests = [
        {"filters": [{"type": "objects_class", "data": {"classId": 1}}]},
        {"filter": [{"field": "id", "operator": "=", "value": "x"}]},
        {"filter": [{"field": "secret", "operator": "=", "value": 1}]},
        {"filter": [{"field": "name", "operator": "in", "value": ["n"] * 10_001}]},
        {"sort": "secret"},
        {"per_page": 0},
        {"per_page": 10_001},
        {"page": 0},
        {"page": "2"},
    ]
    for extra in bad_requests:
        r = stats(live, qid, **extra)
        assert r.status_code == 400, (extra, r.text)
        assert r.json()["details"]["message"]


def test_dataset_source_queues(live, world):
    d1 = world.images["d1"]
    body = all_options_body(world)
    del body["meta"]["entityIds"]
    body["meta"]["imageTags"] = []
    whole = make_queue(live, world, {**body, "name": "whole", "meta": {**body["meta"], "range": None}})
    assert sorted(entity_ids(live, whole)) == sorted(d1)
    windowed = make_queue(
        live, world, {**body, "name": "window", "meta": {**body["meta"], "range": {"start": 2, "end": 3}}}
    )
    assert entity_ids(live, windowed) == [d1[1], d1[2]]  # images 2 and 3 by name
    tagged = make_queue(
        live,
        world,
        {
            **body,
            "name": "tagged",
            "meta": {**body["meta"], "range": None, "imageTags": [{"name": "reviewed", "positive": True}]},
        },
    )
    assert entity_ids(live, tagged) == [d1[1]]
    assert count_tuple(live, tagged) == (1, 1, 0, 0, 0)


def test_strangers_cannot_read_entities(live, world):
    cid = collection_with(live, world, world.images["d1"])
    qid = make_queue(live, world, minimal_body(world, cid))
    assert stats(live, qid, BOB).status_code == 404
    assert stats(live, 999_999).status_code == 404
    assert stats(live, 2**40).status_code == 404


def test_entity_status_for_work_methods(live, world):
    """The helper later work methods use: status of one item, None if not an entity."""
    d1 = world.images["d1"]
    cid = collection_with(live, world, d1[:2])
    qid = make_queue(live, world, minimal_body(world, cid))
    set_item(live, qid, d1[1], "on_review")
    with live.sessions()() as s:
        queue = s.get(LabelingQueue, qid)
        assert entity_status(s, queue, d1[0]) == "pending"
        assert entity_status(s, queue, d1[1]) == "on_review"
        assert entity_status(s, queue, d1[2]) is None

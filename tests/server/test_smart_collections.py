"""Smart collections (type "smart": members resolved from a stored filter when
read) and static collections that remember their filter: create, validate,
cycles, refused item edits, freeze/unfreeze, drift, reconcile (409 on a
changed preview), and a queue that follows a smart collection. Over HTTP, on
SQLite and PostgreSQL (docs/smart-collections-api.md)."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.server.db.models import Collection, CollectionItem, Figure, Image
from tests.server.test_queue_entities import count_tuple, make_queue
from tests.server.test_queues import minimal_body
from tests.server.world import ALICE, BOB


def has_class(class_id, include=True):
    return {"type": "objects_class", "data": {"classId": class_id, "from": 1, "to": 9999, "include": include}}


def in_collection(cid, include=True):
    return {"type": "entities_collection", "data": {"collectionId": cid, "include": include}}


def smart(live, world, name, filters=(), filter=(), token=ALICE, **options):
    body = {
        "projectId": world["p1"],
        "name": name,
        "type": "smart",
        "options": {"filters": list(filters), "filter": list(filter), **options},
    }
    return live.call("entities-collections.add", body, token)


def ok(r):
    assert r.status_code == 200, r.text
    return r.json()


def members(live, world, cid):
    body = {"projectId": world["p1"], "filters": [in_collection(cid)], "sort": "id", "sort_order": "asc"}
    return [e["id"] for e in ok(live.call("images.list", body, ALICE))["entities"]]


def add_car(live, world, image_id):
    """A new object of class car on the item (as a new prediction would arrive)."""
    with live.sessions()() as s, s.begin():
        s.add(Figure(image_id=image_id, class_id=world["car"], points={"exterior": [[1, 1], [5, 5]], "interior": []}))
        s.get(Image, image_id).labels_count += 1


def drop_figures(live, image_id):
    with live.sessions()() as s, s.begin():
        for f in s.scalars(select(Figure).where(Figure.image_id == image_id)):
            s.delete(f)
        s.get(Image, image_id).labels_count = 0


def stored_rows(live, cid):
    with live.sessions()() as s:
        return sorted(s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == cid)))


def collection_count(live):
    with live.sessions()() as s:
        return len(list(s.scalars(select(Collection.id))))


def test_smart_collection_members_follow_its_filter(live, world):
    d1 = world.images["d1"]
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))
    assert c["type"] == "smart" and c["itemsCount"] == 2
    assert c["options"]["filters"] == [has_class(world["car"])]
    assert members(live, world, c["id"]) == [d1[0], d1[1]]
    add_car(live, world, d1[3])
    assert members(live, world, c["id"]) == [d1[0], d1[1], d1[3]]
    assert ok(live.call("entities-collections.info", {"id": c["id"]}, ALICE))["itemsCount"] == 3
    listed = ok(
        live.call("entities-collections.list", {"projectId": world["p1"], "filter": [], "type": "default"}, ALICE)
    )
    assert [(e["name"], e["type"], e["itemsCount"]) for e in listed["entities"]] == [("cars", "smart", 3)]
    # excluding it works too, and nothing was stored as rows
    body = {"projectId": world["p1"], "filters": [in_collection(c["id"], False)]}
    assert ok(live.call("images.list", body, ALICE))["total"] == 10 - 3
    assert stored_rows(live, c["id"]) == []


def test_plain_field_filters_and_datasets(live, world):
    c = ok(
        smart(
            live, world, "d2 only", filter=[{"field": "name", "operator": "!=", "value": "x"}], datasetIds=[world["d2"]]
        )
    )
    assert members(live, world, c["id"]) == world.images["d2"]
    labelled = ok(smart(live, world, "labelled", filter=[{"field": "labelsCount", "operator": ">=", "value": 1}]))
    assert members(live, world, labelled["id"]) == world.images["d1"][:2]


def test_bad_filters_are_refused_and_nothing_is_saved(live, world):
    bad = {
        "unknown type": ([{"type": "nope", "data": {}}], ()),
        "class of another project": ([has_class(999_999)], ()),
        "bad field": ((), [{"field": "secret", "operator": "=", "value": 1}]),
        "bad value": ((), [{"field": "labelsCount", "operator": ">=", "value": "many"}]),
        "unknown collection": ([in_collection(999_999)], ()),
    }
    for why, (filters, plain) in bad.items():
        r = smart(live, world, why, filters, plain)
        assert r.status_code in (400, 404), (why, r.text)
        assert r.json()["details"]["message"], why
    assert smart(live, world, "no options", token=ALICE).status_code == 200  # an empty filter: every item
    r = live.call("entities-collections.add", {"projectId": world["p1"], "name": "x", "type": "smart"}, ALICE)
    assert r.status_code == 400 and "filter" in r.json()["details"]["message"]
    assert collection_count(live) == 1
    # bob cannot refer to alice's collection from his project
    mine = ok(smart(live, world, "mine", [has_class(world["car"])]))
    r = live.call(
        "entities-collections.add",
        {"projectId": world["pb"], "name": "b", "type": "smart", "options": {"filters": [in_collection(mine["id"])]}},
        BOB,
    )
    assert r.status_code == 404


def test_cycles_are_refused(live, world):
    a = ok(smart(live, world, "a", [has_class(world["car"])]))
    b = ok(smart(live, world, "b", [in_collection(a["id"])]))
    assert members(live, world, b["id"]) == world.images["d1"][:2]
    # a -> itself
    r = live.call(
        "entities-collections.editInfo", {"id": a["id"], "options": {"filters": [in_collection(a["id"])]}}, ALICE
    )
    assert r.status_code == 400 and "refers to itself" in r.json()["details"]["message"]
    # a -> b -> a
    r = live.call(
        "entities-collections.editInfo", {"id": a["id"], "options": {"filters": [in_collection(b["id"])]}}, ALICE
    )
    assert r.status_code == 400 and "refers to itself" in r.json()["details"]["message"]
    assert ok(live.call("entities-collections.info", {"id": a["id"]}, ALICE))["options"]["filters"] == [
        has_class(world["car"])
    ]
    # a legal edit goes through and the members follow
    edit = {"id": a["id"], "options": {"filters": [has_class(world["person"])]}}
    assert ok(live.call("entities-collections.editInfo", edit, ALICE))["itemsCount"] == 1
    assert members(live, world, b["id"]) == [world.images["d1"][1]]


def test_adding_or_removing_items_of_a_smart_collection_is_refused(live, world):
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))
    d1 = world.images["d1"]
    for method in ("entities-collections.items.bulk.add", "entities-collections.items.bulk.remove"):
        r = live.call(method, {"collectionId": c["id"], "entityIds": [d1[4]]}, ALICE)
        assert r.status_code == 400 and "freeze it first" in r.json()["details"]["message"]
    assert members(live, world, c["id"]) == d1[:2] and stored_rows(live, c["id"]) == []


def test_freeze_then_unfreeze(live, world):
    d1 = world.images["d1"]
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))
    frozen = ok(live.call("entities-collections.freeze", {"id": c["id"]}, ALICE))
    assert frozen["type"] == "default" and frozen["itemsCount"] == 2
    assert frozen["options"] == {"sourceFilters": c["options"]}
    assert stored_rows(live, c["id"]) == d1[:2]
    add_car(live, world, d1[4])  # a static collection does not follow any more
    assert members(live, world, c["id"]) == d1[:2]
    r = live.call("entities-collections.freeze", {"id": c["id"]}, ALICE)
    assert r.status_code == 400
    back = ok(live.call("entities-collections.unfreeze", {"id": c["id"]}, ALICE))
    assert back["type"] == "smart" and back["options"] == c["options"] and back["itemsCount"] == 3
    assert stored_rows(live, c["id"]) == []
    plain = ok(live.call("entities-collections.add", {"projectId": world["p1"], "name": "p", "type": "default"}, ALICE))
    r = live.call("entities-collections.unfreeze", {"id": plain["id"]}, ALICE)
    assert r.status_code == 400 and "not made from a filter" in r.json()["details"]["message"]


def test_drift_and_reconcile(live, world):
    d1 = world.images["d1"]
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))
    ok(live.call("entities-collections.freeze", {"id": c["id"]}, ALICE))
    assert ok(live.call("entities-collections.drift", {"id": c["id"]}, ALICE)) == {
        "added": 0,
        "removed": 0,
        "sampleAdded": [],
        "sampleRemoved": [],
    }
    add_car(live, world, d1[3])
    add_car(live, world, d1[4])
    drop_figures(live, d1[0])
    drift = ok(live.call("entities-collections.drift", {"id": c["id"]}, ALICE))
    assert drift == {"added": 2, "removed": 1, "sampleAdded": [d1[3], d1[4]], "sampleRemoved": [d1[0]]}
    # a preview that no longer holds: 409 and nothing changes
    r = live.call("entities-collections.reconcile", {"id": c["id"], "expect": {"added": 1, "removed": 1}}, ALICE)
    assert r.status_code == 409 and "changed since the preview" in r.json()["details"]["message"]
    assert stored_rows(live, c["id"]) == d1[:2]
    done = ok(live.call("entities-collections.reconcile", {"id": c["id"], "expect": {"added": 2, "removed": 1}}, ALICE))
    assert done == {"addedIds": [d1[3], d1[4]], "removedIds": [d1[0]]}
    assert stored_rows(live, c["id"]) == [d1[1], d1[3], d1[4]]
    assert ok(live.call("entities-collections.drift", {"id": c["id"]}, ALICE))["added"] == 0


def test_drift_needs_remembered_filter(live, world):
    plain = ok(live.call("entities-collections.add", {"projectId": world["p1"], "name": "p", "type": "default"}, ALICE))
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))
    for cid in (plain["id"], c["id"]):
        for method in ("entities-collections.drift", "entities-collections.reconcile"):
            r = live.call(method, {"id": cid}, ALICE)
            assert r.status_code == 400 and r.json()["details"]["message"]
    assert live.call("entities-collections.drift", {"id": c["id"]}, BOB).status_code == 404


def test_static_collection_made_from_a_filter_remembers_it(live, world):
    d1 = world.images["d1"]
    source = {"filters": [has_class(world["car"])], "filter": []}
    body = {"projectId": world["p1"], "name": "s", "type": "default", "options": {"sourceFilters": source}}
    c = ok(live.call("entities-collections.add", body, ALICE))
    assert c["options"] == {"sourceFilters": source}
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": c["id"], "entityIds": [d1[0]]}, ALICE))
    drift = ok(live.call("entities-collections.drift", {"id": c["id"]}, ALICE))
    assert (drift["added"], drift["removed"]) == (1, 0)
    bad = {**body, "name": "t", "options": {"sourceFilters": {"filters": [{"type": "nope"}]}}}
    assert live.call("entities-collections.add", bad, ALICE).status_code == 400
    other = {**body, "name": "u", "options": {"whatever": 1}}
    assert live.call("entities-collections.add", other, ALICE).status_code == 400


def test_queue_following_a_smart_collection_fills_as_predictions_arrive(live, world):
    d1 = world.images["d1"]
    c = ok(smart(live, world, "cars, no person", [has_class(world["car"]), has_class(world["person"], False)]))
    qid = make_queue(live, world, minimal_body(world, c["id"]))
    assert count_tuple(live, qid) == (1, 1, 0, 0, 0)  # d1[0] (d1[1] has a person)
    add_car(live, world, d1[2])
    add_car(live, world, d1[3])
    assert count_tuple(live, qid) == (3, 3, 0, 0, 0)
    entities = ok(live.call("labeling-queues.stats.entities", {"id": qid, "page": 1, "per_page": 25}, ALICE))
    assert sorted(e["id"] for e in entities["images"]) == [d1[0], d1[2], d1[3]]

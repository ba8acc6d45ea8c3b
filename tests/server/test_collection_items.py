"""entities-collections.items.bulk.add / .bulk.remove: all or nothing,
idempotent, limited to the collection's own project and data type."""

from __future__ import annotations

import time

from sqlalchemy import select

from desktop_app.server.collections.rules import MAX_IDS_PER_ADD, MAX_IDS_PER_REQUEST
from desktop_app.server.db.models import CollectionItem
from tests.server.world import ALICE, BOB


def new_collection(live, project_id, name="c", token=ALICE):
    r = live.call("entities-collections.add", {"projectId": project_id, "name": name, "type": "default"}, token)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def add(live, cid, ids, token=ALICE):
    return live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": ids}, token)


def remove(live, cid, ids, token=ALICE):
    return live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": ids}, token)


def rows(live):
    """Every collection item in the database, to prove a refused request changed nothing."""
    with live.sessions()() as s:
        return sorted(
            (i.id, i.collection_id, i.image_id, repr(i.meta), i.created_at) for i in s.scalars(select(CollectionItem))
        )


def image_ids(live, cid):
    return sorted(r[2] for r in rows(live) if r[1] == cid)


def updated_at(live, cid):
    return live.call("entities-collections.info", {"id": cid}, ALICE).json()["updatedAt"]


def test_add_ids_from_several_datasets(live, world):
    cid = new_collection(live, world["p1"])
    ids = [world.images["d1"][0], world.images["d2"][3], world.images["d1"][4]]
    r = add(live, cid, ids)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["missing"] == []
    assert [i["entityId"] for i in body["items"]] == ids
    assert all(isinstance(i["id"], int) and i["createdAt"] for i in body["items"])
    assert image_ids(live, cid) == sorted(ids)
    assert live.call("entities-collections.info", {"id": cid}, ALICE).json()["itemsCount"] == 3


def test_add_is_idempotent_and_repeats_count_once(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    first = add(live, cid, [d1[0], d1[1]]).json()["items"]
    before = rows(live)
    again = add(live, cid, [d1[1], d1[0], d1[1]]).json()
    assert again["missing"] == []
    # existing entries are reported as they are, not duplicated
    by_entity = {i["entityId"]: i for i in first}
    assert again["items"] == [by_entity[d1[1]], by_entity[d1[0]]]
    assert rows(live) == before
    mixed = add(live, cid, [d1[2], d1[0], d1[2]]).json()
    assert [i["entityId"] for i in mixed["items"]] == [d1[2], d1[0]]
    assert mixed["items"][1] == by_entity[d1[0]]
    assert image_ids(live, cid) == sorted(d1[:3])


def test_entity_items_keep_their_meta(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    body = {"collectionId": cid, "entityItems": [{"entityId": d1[0], "meta": {"score": 0.9}}, {"entityId": d1[1]}]}
    r = live.call("entities-collections.items.bulk.add", body, ALICE)
    assert r.status_code == 200, r.text
    assert [i["entityId"] for i in r.json()["items"]] == d1[:2]
    metas = {r[2]: r[3] for r in rows(live)}
    assert metas == {d1[0]: repr({"score": 0.9}), d1[1]: repr({})}


def test_any_bad_id_adds_nothing(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    add(live, cid, [d1[0]])
    before = rows(live)
    foreign = world.images["p2d"][0]  # same team, other project
    bobs = world.images["pbd"][0]  # other team
    for bad in ([foreign], [bobs], [999_999], [0], [-5], [2**40]):
        r = add(live, cid, [d1[1], d1[0], *bad, d1[2]])
        assert r.status_code == 200, r.text
        assert r.json() == {"items": [], "missing": [{"entityId": bad[0]}]}
        assert rows(live) == before
    r = add(live, cid, [foreign, d1[3], bobs, foreign])
    assert r.json()["missing"] == [{"entityId": foreign}, {"entityId": bobs}]
    assert rows(live) == before


def test_a_video_project_collection_takes_no_images(live, world):
    cid = new_collection(live, world["v"])
    r = add(live, cid, [world.images["d1"][0]])
    assert r.json() == {"items": [], "missing": [{"entityId": world.images["d1"][0]}]}
    assert image_ids(live, cid) == []


def test_the_id_caps(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    # an add takes what the SDK's add_items sends in one request, up to a far bound
    r = add(live, cid, [d1[0]] * (MAX_IDS_PER_ADD + 1))
    assert r.status_code == 400
    assert str(MAX_IDS_PER_ADD) in r.json()["details"]["message"]
    assert rows(live) == []
    r = add(live, cid, [d1[0]] * (MAX_IDS_PER_REQUEST + 1))
    assert r.status_code == 200 and len(r.json()["items"]) == 1
    # a remove too (the SDK's remove_items is one request as well): above the
    # far bound a 400 that removes nothing, below it any number
    r = remove(live, cid, [d1[0]] * (MAX_IDS_PER_ADD + 1))
    assert r.status_code == 400
    assert str(MAX_IDS_PER_ADD) in r.json()["details"]["message"]
    assert image_ids(live, cid) == [d1[0]]
    r = remove(live, cid, [d1[0]] + list(range(10**6, 10**6 + MAX_IDS_PER_REQUEST)))
    assert r.status_code == 200 and r.json()["items"][0]["entityId"] == d1[0]
    assert len(r.json()["missing"]) == MAX_IDS_PER_REQUEST
    assert image_ids(live, cid) == []


def test_bad_bodies_are_400_and_change_nothing(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    bad_bodies = [
        {"collectionId": cid},  # neither list
        {"collectionId": cid, "entityIds": [d1[0]], "entityItems": [{"entityId": d1[1]}]},  # both
        {"collectionId": cid, "entityIds": [str(d1[0])]},
        {"collectionId": cid, "entityIds": [True]},
        {"collectionId": cid, "entityIds": d1[0]},
        {"collectionId": cid, "entityItems": [{"meta": {}}]},
        {"collectionId": cid, "entityItems": [{"entityId": d1[0], "meta": 1}]},
        {"entityIds": [d1[0]]},
        {"collectionId": str(cid), "entityIds": [d1[0]]},
    ]
    for body in bad_bodies:
        r = live.call("entities-collections.items.bulk.add", body, ALICE)
        assert r.status_code == 400, (body, r.text)
    for body in ({"collectionId": cid}, {"collectionId": cid, "entityIds": ["1"]}):
        assert live.call("entities-collections.items.bulk.remove", body, ALICE).status_code == 400
    assert rows(live) == []


def test_unknown_or_invisible_collection_is_404(live, world):
    bobs = new_collection(live, world["pb"], token=BOB)
    alices = new_collection(live, world["p1"])
    assert add(live, bobs, [world.images["pbd"][0]], ALICE).status_code == 404
    assert add(live, alices, [world.images["d1"][0]], BOB).status_code == 404
    assert add(live, 999_999, [world.images["d1"][0]]).status_code == 404
    assert add(live, 2**40, [world.images["d1"][0]]).status_code == 404
    assert remove(live, alices, [world.images["d1"][0]], BOB).status_code == 404
    assert rows(live) == []


def test_remove_reports_what_was_not_there(live, world):
    cid = new_collection(live, world["p1"])
    other = new_collection(live, world["p1"], "other")
    d1 = world.images["d1"]
    added = {i["entityId"]: i["id"] for i in add(live, cid, d1[:3]).json()["items"]}
    add(live, other, d1[:3])
    r = remove(live, cid, [d1[2], d1[4], d1[0], 999_999, d1[2]])
    assert r.status_code == 200, r.text
    assert r.json() == {
        "items": [{"id": added[d1[2]], "entityId": d1[2]}, {"id": added[d1[0]], "entityId": d1[0]}],
        "missing": [{"entityId": d1[4]}, {"entityId": 999_999}],
    }
    assert image_ids(live, cid) == [d1[1]]
    assert image_ids(live, other) == sorted(d1[:3])  # another collection's items are untouched
    before = rows(live)
    r = remove(live, cid, [d1[0]])
    assert r.json() == {"items": [], "missing": [{"entityId": d1[0]}]}
    assert rows(live) == before


def test_updated_at_moves_on_item_changes_only(live, world):
    cid = new_collection(live, world["p1"])
    d1 = world.images["d1"]
    t0 = updated_at(live, cid)
    time.sleep(0.01)  # timestamps on the wire have millisecond resolution
    add(live, cid, [d1[0]])
    t1 = updated_at(live, cid)
    assert t1 > t0
    add(live, cid, [d1[0]])  # nothing new
    add(live, cid, [d1[1], 999_999])  # refused
    remove(live, cid, [d1[3]])  # nothing there
    assert updated_at(live, cid) == t1
    time.sleep(0.01)
    remove(live, cid, [d1[0]])
    assert updated_at(live, cid) > t1

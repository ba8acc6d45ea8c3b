"""entities-collections.add/.list/.info/.editInfo/.remove over HTTP, on both
database backends, with the bodies the real SDK sends."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.server.db.models import Collection, CollectionItem, Image
from tests.server.world import ADMIN, ALICE, BOB


def create(live, project_id, name, token=ALICE, **extra):
    return live.call(
        "entities-collections.add", {"projectId": project_id, "name": name, "type": "default", **extra}, token
    )


def collections_in_db(live):
    with live.sessions()() as s:
        return sorted((c.id, c.project_id, c.name, c.description, c.type) for c in s.scalars(select(Collection)))


def list_body(project_id, **extra):
    return {"projectId": project_id, "filter": [], "type": "default", "sort": "id", "sort_order": "asc", **extra}


def test_add_returns_the_full_collection(live, world):
    r = live.call(
        "entities-collections.add",
        {"projectId": world["p1"], "name": "c1", "type": "default", "description": "d"},
        ALICE,
    )
    assert r.status_code == 200, r.text
    c = r.json()
    assert isinstance(c["id"], int)
    assert (c["name"], c["projectId"], c["teamId"], c["description"], c["type"]) == (
        "c1",
        world["p1"],
        world["team_a"],
        "d",
        "default",
    )
    assert c["options"] == {} and c["createdAt"] and c["updatedAt"] and c["itemsCount"] == 0
    info = live.call("entities-collections.info", {"id": c["id"]}, ALICE).json()
    assert info == c
    assert collections_in_db(live) == [(c["id"], world["p1"], "c1", "d", "default")]


def test_admin_of_the_same_team_sees_it_bob_does_not(live, world):
    cid = create(live, world["p1"], "c1").json()["id"]
    assert live.call("entities-collections.info", {"id": cid}, ADMIN).status_code == 200
    r = live.call("entities-collections.info", {"id": cid}, BOB)
    assert r.status_code == 404 and r.json()["details"]["message"]
    assert live.call("entities-collections.list", list_body(world["p1"]), BOB).status_code == 404
    assert live.call("entities-collections.editInfo", {"id": cid, "name": "x"}, BOB).status_code == 404
    assert live.call("entities-collections.remove", {"id": cid, "hardDelete": True}, BOB).status_code == 404
    assert [c[2] for c in collections_in_db(live)] == ["c1"]


def test_info_of_unknown_ids_is_404(live, world):
    for bad in (0, -1, 999_999, 2**40):
        assert live.call("entities-collections.info", {"id": bad}, ALICE).status_code == 404


def test_cannot_create_in_an_invisible_or_unknown_project(live, world):
    assert create(live, world["pb"], "c1").status_code == 404
    assert create(live, 999_999, "c1").status_code == 404
    assert create(live, 2**40, "c1").status_code == 404
    assert collections_in_db(live) == []


def test_duplicate_name_in_the_project_is_nonunique(live, world):
    assert create(live, world["p1"], "c1").status_code == 200
    r = create(live, world["p1"], "c1")
    assert r.status_code == 400
    assert r.json()["details"]["type"] == "NONUNIQUE"
    r = create(live, world["p1"], "  c1  ")  # names are stripped before the check
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE"
    # a name differing only in case is the same name (issue 11: "Training Set" / "training set")
    for clash in ("C1", " C1 ", "c1".upper()):
        r = create(live, world["p1"], clash)
        assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE", clash
        assert "differ only in case" in r.json()["error"] + r.json()["details"]["message"]
    # other projects have their own names
    assert create(live, world["p2"], "C1").status_code == 200
    assert create(live, world["pb"], "c1", BOB).status_code == 200
    names = sorted((c[1], c[2]) for c in collections_in_db(live))
    assert names == sorted([(world["p1"], "c1"), (world["p2"], "C1"), (world["pb"], "c1")])


def test_case_only_rename_clash_is_refused_and_own_case_change_is_fine(live, world):
    a = create(live, world["p1"], "Training Set").json()["id"]
    b = create(live, world["p1"], "other").json()["id"]
    before = collections_in_db(live)
    r = live.call("entities-collections.editInfo", {"id": b, "name": "training set", "description": "x"}, ALICE)
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE"
    assert collections_in_db(live) == before  # nothing changed, not even the description
    assert live.call("entities-collections.editInfo", {"id": a, "name": "TRAINING SET"}, ALICE).status_code == 200
    assert ("TRAINING SET", "other") == tuple(sorted(c[2] for c in collections_in_db(live)))


def test_bad_names_are_refused(live, world):
    for name in ("", "   ", "x" * 256):
        r = create(live, world["p1"], name)
        assert r.status_code == 400, name
        assert "name" in r.json()["details"]["message"]
    assert collections_in_db(live) == []


def test_longest_name_and_stripping(live, world):
    assert create(live, world["p1"], "x" * 255).status_code == 200
    assert create(live, world["p1"], "  padded ").json()["name"] == "padded"


BAD_ADD_BODIES = [
    {"name": "c"},  # no projectId
    {"projectId": 1},  # no name
    {"projectId": "1", "name": "c"},  # id as a string
    {"projectId": 1, "name": 5},  # name not a string
    {"projectId": 1, "name": "c", "type": "all"},  # "all" is a list filter, not a type
    {"projectId": 1, "name": "c", "description": ["d"]},
    {"projectId": 1, "name": "c", "meta": "m"},
    {"projectId": 1, "name": "c", "type": "aiSearch"},  # aiSearch needs meta.aiSearchKey
    {"projectId": 1, "name": "c", "description": "d" * 10_001},
]


def test_wrong_types_are_refused(live, world):
    for body in BAD_ADD_BODIES:
        if body.get("projectId") == 1:
            body = {**body, "projectId": world["p1"]}
        r = live.call("entities-collections.add", body, ALICE)
        assert r.status_code == 400, (body, r.text)
        assert r.json()["details"]["message"]
    assert collections_in_db(live) == []


def test_ai_search_collections_and_the_list_type_filter(live, world):
    d = create(live, world["p1"], "plain").json()["id"]
    body = {"projectId": world["p1"], "name": "ai", "type": "aiSearch", "meta": {"aiSearchKey": "k1"}}
    ai = live.call("entities-collections.add", body, ALICE).json()["id"]

    def names(type_, **extra):
        r = live.call("entities-collections.list", list_body(world["p1"], type=type_, **extra), ALICE)
        assert r.status_code == 200, r.text
        return r.json()["entities"]

    assert [c["id"] for c in names("default")] == [d]
    assert [c["id"] for c in names("aiSearch")] == [ai]
    assert [c["id"] for c in names("all")] == [d, ai]
    assert all("meta" not in c for c in names("all"))
    with_meta = names("aiSearch", extraFields=["meta"])
    assert with_meta[0]["meta"] == {"aiSearchKey": "k1"}
    info = live.call("entities-collections.info", {"id": ai, "extraFields": ["meta"]}, ALICE).json()
    assert info["meta"]["aiSearchKey"] == "k1" and info["type"] == "aiSearch"


def test_list_pages_filters_and_sorts(live, world):
    ids = [create(live, world["p1"], f"c{i}").json()["id"] for i in range(5)]
    create(live, world["p2"], "elsewhere")
    first = live.call("entities-collections.list", list_body(world["p1"]), ALICE).json()
    assert first["total"] == 5 and first["pagesCount"] == 1 and [c["id"] for c in first["entities"]] == ids
    pages = [
        live.call("entities-collections.list", list_body(world["p1"], page=p, per_page=2), ALICE).json()
        for p in (1, 2, 3)
    ]
    assert [len(p["entities"]) for p in pages] == [2, 2, 1]
    assert all(p["total"] == 5 and p["pagesCount"] == 3 and p["perPage"] == 2 for p in pages)
    assert [c["id"] for p in pages for c in p["entities"]] == ids

    def listed(**extra):
        r = live.call("entities-collections.list", list_body(world["p1"], **extra), ALICE)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["entities"]]

    assert listed(filter=[{"field": "name", "operator": "=", "value": "c3"}]) == [ids[3]]
    assert listed(filter=[{"field": "id", "operator": "in", "value": [ids[0], ids[4]]}]) == [ids[0], ids[4]]
    created = live.call("entities-collections.info", {"id": ids[2]}, ALICE).json()["createdAt"]
    assert set(listed(filter=[{"field": "createdAt", "operator": ">=", "value": created}])) >= {ids[2], ids[4]}
    assert listed(sort="name", sort_order="desc") == ids[::-1]


BAD_FILTERS = [
    {"field": "color", "operator": "=", "value": 1},  # unknown field
    {"field": "id", "operator": "~", "value": 1},  # unknown operator
    {"field": "id", "operator": "=", "value": "abc"},  # a string for an integer field
    {"field": "id", "operator": "in", "value": [2**40]},  # beyond any id
    {"field": "name", "operator": "=", "value": 5},  # a number for a string field
    {"field": "createdAt", "operator": ">", "value": "yesterday"},
    {"field": "id", "operator": "in", "value": list(range(1, 10_002))},  # over the per-request cap
]


def test_bad_list_filters_are_400(live, world):
    for flt in BAD_FILTERS:
        r = live.call("entities-collections.list", list_body(world["p1"], filter=[flt]), ALICE)
        assert r.status_code == 400, (flt, r.text)
        assert r.json()["details"]["message"]


def test_list_needs_a_project(live, world):
    r = live.call("entities-collections.list", {"filter": []}, ALICE)
    assert r.status_code == 400 and "projectId" in r.json()["details"]["message"]


def test_edit_info_renames_and_describes(live, world):
    cid = create(live, world["p1"], "c1").json()["id"]
    before = live.call("entities-collections.info", {"id": cid}, ALICE).json()
    r = live.call("entities-collections.editInfo", {"id": cid, "name": "renamed"}, ALICE)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "renamed" and r.json()["description"] == before["description"]
    r = live.call("entities-collections.editInfo", {"id": cid, "description": "new text"}, ALICE)
    assert (r.json()["name"], r.json()["description"]) == ("renamed", "new text")
    assert r.json()["updatedAt"] >= before["updatedAt"]
    # renaming to its own name is not a clash; null means "leave as is"
    assert (
        live.call(
            "entities-collections.editInfo", {"id": cid, "name": "renamed", "description": None}, ALICE
        ).status_code
        == 200
    )
    assert collections_in_db(live) == [(cid, world["p1"], "renamed", "new text", "default")]


def test_rename_clash_and_bad_names_change_nothing(live, world):
    a = create(live, world["p1"], "a").json()["id"]
    create(live, world["p1"], "b")
    before = collections_in_db(live)
    r = live.call("entities-collections.editInfo", {"id": a, "name": "b"}, ALICE)
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE"
    for body in (
        {"name": ""},
        {"name": " "},
        {"name": "y" * 256},
        {"name": 3},
        {"description": "d" * 10_001},
        {"id": "x"},
    ):
        r = live.call("entities-collections.editInfo", {"id": a, **body}, ALICE)
        assert r.status_code == 400, (body, r.text)
    assert live.call("entities-collections.editInfo", {"id": 999_999, "name": "z"}, ALICE).status_code == 404
    assert collections_in_db(live) == before


def test_remove_deletes_the_collection_not_its_images(live, world):
    for hard in (False, True):
        check_remove(live, world, hard)


def check_remove(live, world, hard):
    cid = create(live, world["p1"], "c1").json()["id"]
    keep = create(live, world["p1"], f"keep-{hard}").json()["id"]
    d1 = world.images["d1"]
    live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": d1[:3]}, ALICE)
    live.call("entities-collections.items.bulk.add", {"collectionId": keep, "entityIds": d1[:1]}, ALICE)
    r = live.call("entities-collections.remove", {"id": cid, "hardDelete": hard}, ALICE)
    assert r.status_code == 200, r.text
    assert live.call("entities-collections.info", {"id": cid}, ALICE).status_code == 404
    assert live.call("entities-collections.remove", {"id": cid, "hardDelete": hard}, ALICE).status_code == 404
    with live.sessions()() as s:
        assert keep in set(s.scalars(select(CollectionItem.collection_id)))
        assert cid not in set(s.scalars(select(CollectionItem.collection_id)))
        assert s.scalar(select(Image.id).where(Image.id == d1[0])) == d1[0]
    # the name is free again
    again = create(live, world["p1"], "c1")
    assert again.status_code == 200
    live.call("entities-collections.remove", {"id": again.json()["id"], "hardDelete": True}, ALICE)

"""entities-collections.combine over HTTP, on both database backends: each
operation checked against Python's set arithmetic on the rows in the
database, into a new and an existing collection; a dry run and every refusal
change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.server.db.models import Collection, CollectionItem
from desktop_app.server.users.bootstrap import ensure_member, ensure_team, ensure_user
from tests.server.world import ALICE, BOB

VIEWER = "viewer-token"


def new_collection(live, project_id, name, ids=(), token=ALICE) -> int:
    r = live.call("entities-collections.add", {"projectId": project_id, "name": name, "type": "default"}, token)
    assert r.status_code == 200, r.text
    cid = r.json()["id"]
    if ids:
        r = live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": list(ids)}, token)
        assert r.status_code == 200 and not r.json()["missing"], r.text
    return cid


def members(live, cid) -> set[int]:
    with live.sessions()() as s:
        return set(s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == cid)))


def snapshot(live):
    """Every collection and collection item, to prove a request changed nothing."""
    with live.sessions()() as s:
        colls = sorted((c.id, c.name, c.updated_at) for c in s.scalars(select(Collection)))
        items = sorted((i.collection_id, i.image_id, i.id) for i in s.scalars(select(CollectionItem)))
    return colls, items


def combine(live, project_id, operation, ids, into, token=ALICE, **extra):
    body = {"projectId": project_id, "operation": operation, "collectionIds": ids, "into": into, **extra}
    return live.call("entities-collections.combine", body, token)


@pytest.fixture
def three(live, world):
    """Three overlapping collections of P1: a = d1[0..3], b = d1[2..4] + d2[0], c = d1[3] + d2[0..1]."""
    d1, d2 = world.images["d1"], world.images["d2"]
    a = new_collection(live, world["p1"], "a", d1[0:4])
    b = new_collection(live, world["p1"], "b", [*d1[2:5], d2[0]])
    c = new_collection(live, world["p1"], "c", [d1[3], d2[0], d2[1]])
    return a, b, c


def expected(live, operation, ids) -> set[int]:
    sets = [members(live, i) for i in ids]
    if operation == "union":
        return set.union(*sets)
    if operation == "intersection":
        return set.intersection(*sets)
    return sets[0].difference(*sets[1:])


@pytest.mark.parametrize("operation", ["union", "intersection", "difference"])
def test_each_operation_into_a_new_collection(live, world, three, operation):
    a, b, c = three
    want = expected(live, operation, [a, b, c])
    before = snapshot(live)
    preview = combine(live, world["p1"], operation, [a, b, c], {"name": "result"}, dryRun=True)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["count"], body["addedCount"], body["added"], body["collectionId"]) == (
        len(want),
        len(want),
        None,
        None,
    )
    assert body["sample"] == sorted(want)[:12] and body["created"] is False
    assert snapshot(live) == before  # a dry run writes nothing

    r = combine(live, world["p1"], operation, [a, b, c], {"name": "result", "description": "made"})
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["created"] is True and done["count"] == len(want)
    assert done["added"] == sorted(want)
    assert members(live, done["collectionId"]) == want
    info = live.call("entities-collections.info", {"id": done["collectionId"]}, ALICE).json()
    assert (info["name"], info["description"], info["itemsCount"], info["type"]) == (
        "result",
        "made",
        len(want),
        "default",
    )


def test_the_three_operations_give_what_they_should_on_known_ids(live, world, three):
    d1, d2 = world.images["d1"], world.images["d2"]
    a, b, c = three
    answers = {
        op: combine(live, world["p1"], op, [a, b, c], {"name": op}, dryRun=True).json()["sample"]
        for op in ("union", "intersection", "difference")
    }
    assert answers["union"] == sorted([*d1, d2[0], d2[1]])
    assert answers["intersection"] == [d1[3]]
    assert answers["difference"] == [d1[0], d1[1]]  # a minus b minus c
    # the order of a difference matters: c minus a minus b
    assert combine(live, world["p1"], "difference", [c, a, b], {"name": "x"}, dryRun=True).json()["sample"] == [d2[1]]


def test_into_an_existing_collection_adds_only_what_is_new(live, world, three):
    a, b, _ = three
    d1, d2 = world.images["d1"], world.images["d2"]
    target = new_collection(live, world["p1"], "target", [d1[0], d2[4]])
    want = expected(live, "union", [a, b])
    new = sorted(want - {d1[0], d2[4]})
    preview = combine(live, world["p1"], "union", [a, b], {"collectionId": target}, dryRun=True).json()
    assert (preview["count"], preview["addedCount"], preview["added"]) == (len(want), len(new), None)
    r = combine(live, world["p1"], "union", [a, b], {"collectionId": target})
    assert r.status_code == 200, r.text
    assert (r.json()["added"], r.json()["collectionId"], r.json()["created"]) == (new, target, False)
    assert members(live, target) == want | {d2[4]}
    again = combine(live, world["p1"], "union", [a, b], {"collectionId": target}).json()
    assert (again["addedCount"], again["added"]) == (0, [])  # a replay adds nothing


def test_a_source_as_target_is_allowed_and_explained(live, world, three):
    a, b, _ = three
    first = combine(live, world["p1"], "difference", [a, b], {"collectionId": a}).json()
    assert first["added"] == [] and "nothing is added" in first["note"]
    before_b, a_minus_b = members(live, b), expected(live, "difference", [a, b])
    other = combine(live, world["p1"], "difference", [a, b], {"collectionId": b}).json()
    assert "subtracted" in other["note"]
    assert members(live, b) == before_b | a_minus_b and other["added"] == sorted(a_minus_b)
    assert combine(live, world["p1"], "union", [a, b], {"name": "n"}, dryRun=True).json()["note"] is None


def test_sample_size_is_bounded(live, world, three):
    a, b, _ = three
    assert len(combine(live, world["p1"], "union", [a, b], {"name": "n"}, dryRun=True, sample=2).json()["sample"]) == 2
    assert combine(live, world["p1"], "union", [a, b], {"name": "n"}, dryRun=True, sample=0).json()["sample"] == []
    r = combine(live, world["p1"], "union", [a, b], {"name": "n"}, dryRun=True, sample=49)
    assert r.status_code == 400 and "sample" in r.json()["details"]["message"]


def test_every_bad_input_is_a_clear_400_and_changes_nothing(live, world, three):
    a, b, _ = three
    other_project = new_collection(live, world["p2"], "elsewhere", world.images["p2d"])
    bobs = new_collection(live, world["pb"], "bobs", token=BOB)
    smart_like = new_collection(live, world["p1"], "smart one")
    with live.sessions()() as s, s.begin():
        s.get(Collection, smart_like).type = "smart"  # what wave2-smart's collections look like
    before = snapshot(live)
    p1 = world["p1"]
    cases = [
        (("union", [a], {"name": "n"}), "at least 2"),
        (("union", [], {"name": "n"}), "at least 2"),
        (("xor", [a, b], {"name": "n"}), "operation must be one of"),
        (("union", [a, 999_999], {"name": "n"}), "no collection with id 999999"),
        (("union", [a, 2**40], {"name": "n"}), "no collection with id"),
        (("union", [a, bobs], {"name": "n"}), f"no collection with id {bobs}"),  # another team's: not seen
        (("union", [a, other_project], {"name": "n"}), "another project"),
        (("union", [a, a], {"name": "n"}), "more than once"),
        (("union", [a, b], {"name": "A"}), "already exists"),  # names ignore case
        (("union", [a, b], {"name": "   "}), "must not be empty"),
        (("union", [a, b], {"name": "x" * 300}), "maximum"),
        (("union", [a, b], {}), "exactly one of name"),
        (("union", [a, b], {"name": "n", "collectionId": a}), "exactly one of name"),
        (("union", [a, b], {"collectionId": other_project}), "another project"),
        (("union", [a, b], {"collectionId": 999_999}), "no collection"),
        (("union", [a, b], {"collectionId": smart_like}), "smart collection"),
    ]
    for dry_run in (True, False):
        for (operation, ids, into), words in cases:
            r = combine(live, p1, operation, ids, into, dryRun=dry_run)
            assert r.status_code == 400, (operation, ids, into, r.text)
            assert words in r.json()["details"]["message"], r.json()
    assert combine(live, 999_999, "union", [a, b], {"name": "n"}).status_code == 404
    assert combine(live, world["pb"], "union", [a, b], {"name": "n"}).status_code == 404  # another team's project
    assert combine(live, p1, "union", [a, b], {"name": "n"}, token=BOB).status_code == 404
    assert snapshot(live) == before


def test_a_viewer_may_preview_but_not_write(live, world, three):
    a, b, _ = three
    with live.sessions()() as s, s.begin():
        ensure_member(s, ensure_team(s, "team-a"), ensure_user(s, "vic", token=VIEWER), "viewer")
    before = snapshot(live)
    assert combine(live, world["p1"], "union", [a, b], {"name": "n"}, dryRun=True, token=VIEWER).status_code == 200
    r = combine(live, world["p1"], "union", [a, b], {"name": "n"}, token=VIEWER)
    assert r.status_code == 403 and "viewer" in r.json()["details"]["message"]
    assert snapshot(live) == before

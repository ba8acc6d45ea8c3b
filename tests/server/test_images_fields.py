"""images.list `fields` (only the asked keys come back, unknown names are a
400) and walking a project by id (`filter id > last`, as the client's keyset
walk does): no row missed or repeated across datasets. SQLite and PostgreSQL."""

from __future__ import annotations

from tests.server.http_helpers import ok, refused
from tests.server.test_images import IMAGE_KEYS, ids_of, p1_ids, project_body
from tests.server.world import ALICE


def by_id(page):
    return {e["id"]: e for e in page["entities"]}


def test_only_the_asked_fields_come_back_with_the_full_answers_values(live, world):
    full = by_id(ok(live.call("images.list", project_body(world), ALICE)))
    asked = ["name", "id", "datasetId", "size", "labelsCount", "fullStorageUrl"]
    page = ok(live.call("images.list", project_body(world, fields=asked), ALICE))
    assert ids_of(page) == p1_ids(world)
    for entity in page["entities"]:
        assert list(entity) == ["id", "name", "size", "labelsCount", "datasetId", "fullStorageUrl"]  # answer order
        assert entity == {key: full[entity["id"]][key] for key in asked}


def test_every_field_alone_equals_the_full_answer(live, world):
    full = by_id(ok(live.call("images.list", project_body(world), ALICE)))
    for key in sorted(IMAGE_KEYS):
        page = ok(live.call("images.list", project_body(world, fields=[key]), ALICE))
        assert [e.get(key, "missing") for e in page["entities"]] == [full[i][key] for i in p1_ids(world)], key
        assert all(list(e) == [key] for e in page["entities"]), key


def test_tags_only_when_asked(live, world):
    tagged = world.images["d1"][1]
    with_tags = by_id(ok(live.call("images.list", project_body(world, fields=["id", "tags"]), ALICE)))
    assert [t["name"] for t in with_tags[tagged]["tags"]] == ["reviewed"]
    without = by_id(ok(live.call("images.list", project_body(world, fields=["id", "name"]), ALICE)))
    assert "tags" not in without[tagged]


def test_no_fields_or_an_empty_list_is_the_full_answer(live, world):
    for body in (project_body(world), project_body(world, fields=[])):
        page = ok(live.call("images.list", body, ALICE))
        assert all(set(e) == IMAGE_KEYS for e in page["entities"])


def test_an_unknown_field_is_refused_by_name(live, world):
    message = refused(live.call("images.list", project_body(world, fields=["id", "colour"]), ALICE))
    assert "colour" in message and "labelsCount" in message


def test_fields_with_another_sort_and_token_pages(live, world):
    """The cursor needs the sort column even when the answer does not carry it."""
    body = project_body(world, fields=["id"], sort="name", sort_order="desc", pagination_mode="token", per_page=3)
    seen, after = [], None
    while True:
        page = ok(live.call("images.list", {**body, **({"after": after} if after else {})}, ALICE))
        seen += ids_of(page)
        assert all(list(e) == ["id"] for e in page["entities"])
        after = page["after"]
        if after is None:
            break
    names = by_id(ok(live.call("images.list", project_body(world), ALICE)))
    assert seen == sorted(p1_ids(world), key=lambda i: names[i]["name"], reverse=True)


def test_walking_by_id_across_datasets_misses_and_repeats_nothing(live, world):
    """P1's images sit in two datasets; ids interleave with other projects' rows."""
    expected = p1_ids(world)
    seen, last, totals = [], None, []
    while True:
        extra = [] if last is None else [{"field": "id", "operator": ">", "value": last}]
        body = project_body(world, fields=["id", "datasetId"], filter=extra, page=1, per_page=3)
        page = ok(live.call("images.list", body, ALICE))
        totals.append(page["total"])
        if not page["entities"]:
            break
        seen += ids_of(page)
        last = seen[-1]
    assert seen == expected
    assert totals == [len(expected) - n for n in range(0, len(expected), 3)] + [0]  # the rows still ahead

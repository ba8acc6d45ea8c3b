"""Contract tests for images.list, images.info and images.download over HTTP,
on SQLite and PostgreSQL. Request bodies are the SDK's (docs/wire-contract.md)."""

from __future__ import annotations

import io
import operator
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from desktop_app.server.db.models import (
    Collection,
    CollectionItem,
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
)
from desktop_app.server.images.paths import storage_path_for
from tests.server.http_helpers import ok, refused
from tests.server.world import ALICE, BOB

IMAGE_KEYS = {
    "id",
    "name",
    "link",
    "hash",
    "mime",
    "ext",
    "size",
    "width",
    "height",
    "labelsCount",
    "datasetId",
    "projectId",
    "createdAt",
    "updatedAt",
    "meta",
    "pathOriginal",
    "fullStorageUrl",
    "tags",
    "createdBy",
    "description",
}
BASE = datetime(2026, 1, 1, 0, 0, 0)
RECT_POINTS = {"exterior": [[10, 20], [110, 220]], "interior": []}


def project_body(world, **extra):
    """What api.image.get_list(project_id=...) sends."""
    return {
        "projectId": world["p1"],
        "datasetId": None,
        "filter": [],
        "sort": "id",
        "sort_order": "asc",
        "forceMetadataForLinks": True,
        "recursive": False,
        **extra,
    }


def dataset_body(world, key="d1", **extra):
    """What api.image.get_list(dataset_id) sends."""
    return {
        "projectId": None,
        "datasetId": world[key],
        "filter": [],
        "sort": "id",
        "sort_order": "asc",
        "forceMetadataForLinks": True,
        "recursive": False,
        **extra,
    }


def ids_of(page):
    return [e["id"] for e in page["entities"]]


def listed(live, body, token=ALICE):
    page = ok(live.call("images.list", body, token))
    assert len(page["entities"]) == page["total"], "test listings fit on one page"
    return ids_of(page)


def p1_ids(world):
    return sorted(world.images["d1"] + world.images["d2"])


def stamp_times(live, world):
    """Known timestamps on P1's images: createdAt rises every 3 images (ties on
    purpose), updatedAt falls; so sorting and date filters have clear answers."""
    with live.sessions()() as s, s.begin():
        for i, image_id in enumerate(p1_ids(world)):
            img = s.get(Image, image_id)
            img.created_at = BASE + timedelta(seconds=i // 3)
            img.updated_at = BASE - timedelta(seconds=i)


def rows(live, image_ids):
    with live.sessions()() as s:
        return {i.id: i for i in s.scalars(select(Image).where(Image.id.in_(image_ids)))}


def add_images(live, dataset_id, names, mime="image/jpeg"):
    with live.sessions()() as s, s.begin():
        ds = s.get(Dataset, dataset_id)
        out = []
        for name in names:
            img = Image(dataset_id=ds.id, project_id=ds.project_id, name=name, width=32, height=24, mime=mime)
            s.add(img)
            s.flush()
            out.append(img.id)
        return out


def add_collection(live, project_id, name, image_ids):
    with live.sessions()() as s, s.begin():
        project = s.get(Project, project_id)
        c = Collection(project_id=project.id, team_id=project.team_id, name=name)
        s.add(c)
        s.flush()
        s.add_all(CollectionItem(collection_id=c.id, image_id=i) for i in image_ids)
        return c.id


# --- scope -------------------------------------------------------------------


def test_project_listing_as_the_sdk_sends_it(live, world):
    page = ok(live.call("images.list", project_body(world), ALICE))
    assert ids_of(page) == p1_ids(world)
    assert (page["total"], page["pagesCount"]) == (10, 1)
    assert page["perPage"] >= 10


def test_dataset_listing_with_id_filter_as_the_sdk_sends_it(live, world):
    wanted = world.images["d1"][1:3]
    body = dataset_body(world, filter=[{"field": "id", "operator": "in", "value": wanted}])
    assert listed(live, body) == wanted
    assert listed(live, dataset_body(world, "d2")) == world.images["d2"]


def test_exactly_one_of_project_and_dataset(live, world):
    base = {"filter": [], "sort": "id", "sort_order": "asc"}
    for scope in ({}, {"projectId": None, "datasetId": None}, {"projectId": world["p1"], "datasetId": world["d1"]}):
        assert "exactly one" in refused(live.call("images.list", {**base, **scope}, ALICE)), scope


def test_recursive_takes_nested_datasets(live, world):
    with live.sessions()() as s, s.begin():
        child = Dataset(project_id=world["p1"], parent_id=world["d1"], name="child")
        s.add(child)
        s.flush()
        grandchild = Dataset(project_id=world["p1"], parent_id=child.id, name="grandchild")
        s.add(grandchild)
        s.flush()
        child_id, grandchild_id = child.id, grandchild.id
    nested = add_images(live, child_id, ["c0.jpg", "c1.jpg"]) + add_images(live, grandchild_id, ["g0.jpg"])
    assert listed(live, dataset_body(world)) == world.images["d1"]
    assert listed(live, dataset_body(world, recursive=True)) == sorted(world.images["d1"] + nested)
    assert listed(live, {**dataset_body(world, recursive=True), "datasetId": child_id}) == nested
    assert listed(live, project_body(world)) == sorted(p1_ids(world) + nested)


def test_visibility(live, world):
    refused(live.call("images.list", project_body(world), BOB), 404)
    refused(live.call("images.list", dataset_body(world), BOB), 404)
    refused(live.call("images.info", {"id": world.images["d1"][0]}, BOB), 404)
    assert listed(live, {**project_body(world), "projectId": world["pb"]}, BOB) == world.images["pbd"]
    refused(live.call("images.list", {**project_body(world), "projectId": world["pb"]}, ALICE), 404)


# --- image JSON --------------------------------------------------------------


def test_image_json_has_every_imageinfo_key(live, world):
    entities = ok(live.call("images.list", dataset_body(world), ALICE))["entities"]
    stored = rows(live, world.images["d1"])
    for e in entities:
        assert IMAGE_KEYS <= set(e)
        img = stored[e["id"]]
        assert e["pathOriginal"] == live.sign(storage_path_for(img))
        assert e["pathOriginal"].endswith(f"/images/{img.id}.jpg")
        assert e["fullStorageUrl"] == live.url + e["pathOriginal"]
        assert (e["mime"], e["ext"], e["link"]) == ("image/jpeg", "jpg", None)
        assert (e["width"], e["height"], e["hash"], e["name"]) == (640, 480, img.hash, img.name)
        assert (e["datasetId"], e["projectId"], e["labelsCount"]) == (world["d1"], world["p1"], img.labels_count)
    tagged = next(e for e in entities if e["id"] == world.images["d1"][1])
    [tag] = tagged["tags"]
    assert (tag["tagId"], tag["entityId"], tag["name"], tag["value"]) == (
        world["reviewed"],
        tagged["id"],
        "reviewed",
        None,
    )
    assert {"id", "labelerLogin", "createdAt", "updatedAt"} <= set(tag)
    assert all(e["tags"] == [] for e in entities if e["id"] != tagged["id"])


def test_png_image_mime_matches_its_name(live, world):
    [png] = add_images(live, world["p2d"], ["shot.png"], mime="image/png")
    info = ok(live.call("images.info", {"id": png, "forceMetadataForLinks": True}, ALICE))
    assert (info["mime"], info["ext"], info["name"]) == ("image/png", "png", "shot.png")
    assert info["pathOriginal"] == live.sign(f"/storage/images/{png}.png")


def test_images_info_matches_the_listing(live, world):
    image_id = world.images["d1"][1]
    info = ok(live.call("images.info", {"id": image_id, "forceMetadataForLinks": True}, ALICE))
    from_list = ok(live.call("images.list", dataset_body(world), ALICE))["entities"][1]
    assert info == from_list
    refused(live.call("images.info", {"id": 987654321}, ALICE), 404)
    refused(live.call("images.info", {"id": "1"}, ALICE))
    refused(live.call("images.info", {}, ALICE))


def test_images_download_returns_the_original_bytes(live, world):
    from PIL import Image as PILImage

    image_id = world.images["d1"][0]
    response = live.call("images.download", {"id": image_id}, ALICE)
    assert response.status_code == 200, response.text[:200]
    assert response.headers["content-type"].startswith("image/jpeg")
    picture = PILImage.open(io.BytesIO(response.content))
    assert picture.size == (640, 480)
    refused(live.call("images.download", {"id": image_id}, BOB), 404)
    refused(live.call("images.download", {"id": -1}, ALICE), 404)


# --- pagination ----------------------------------------------------------------


def walk_pages(live, body, per_page):
    """The SDK's page loop: pages 1..pagesCount; totals must agree."""
    first = ok(live.call("images.list", {**body, "per_page": per_page}, ALICE))
    seen, totals = ids_of(first), {first["total"]}
    for page in range(2, first["pagesCount"] + 1):
        nxt = ok(live.call("images.list", {**body, "page": page, "per_page": per_page}, ALICE))
        assert len(nxt["entities"]) <= per_page and nxt["pagesCount"] == first["pagesCount"]
        seen += ids_of(nxt)
        totals.add(nxt["total"])
    assert totals == {len(seen)}, (totals, seen)
    return seen


def walk_tokens(live, body, per_page):
    """The SDK's token loop: follow `after` until it is null."""
    page = ok(live.call("images.list", {**body, "pagination_mode": "token", "per_page": per_page}, ALICE))
    seen, totals, requests = ids_of(page), {page["total"]}, 1
    while page["after"] is not None:
        assert len(page["entities"]) == per_page
        page = ok(
            live.call(
                "images.list", {**body, "pagination_mode": "token", "per_page": per_page, "after": page["after"]}, ALICE
            )
        )
        seen += ids_of(page)
        totals.add(page["total"])
        requests += 1
        assert requests < 50
    assert totals == {len(seen)}, (totals, seen)
    return seen


def test_page_and_token_modes_give_every_image_once(live, world):
    expected = p1_ids(world)
    for per_page in (1, 3, 5, 10, 11):
        assert walk_pages(live, project_body(world), per_page) == expected, per_page
        assert walk_tokens(live, project_body(world), per_page) == expected, per_page
        first = ok(live.call("images.list", {**project_body(world), "per_page": per_page}, ALICE))
        assert first["pagesCount"] == -(-10 // per_page) and first["perPage"] == per_page


def test_page_past_the_end_is_empty(live, world):
    page = ok(live.call("images.list", {**project_body(world), "page": 5, "per_page": 3}, ALICE))
    assert (page["entities"], page["total"], page["pagesCount"]) == ([], 10, 4)


def test_exact_boundary_token_page_has_no_after(live, world):
    body = {**project_body(world), "pagination_mode": "token", "per_page": 5}
    first = ok(live.call("images.list", body, ALICE))
    second = ok(live.call("images.list", {**body, "after": first["after"]}, ALICE))
    assert len(second["entities"]) == 5 and second["after"] is None


def test_every_sort_is_stable_across_pages(live, world):
    stamp_times(live, world)
    stored = rows(live, p1_ids(world))
    columns = {
        "id": "id",
        "name": "name",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "labelsCount": "labels_count",
        "datasetId": "dataset_id",
    }
    for sort, column in columns.items():
        for order in ("asc", "desc"):
            expected = sorted(stored, key=lambda i: (getattr(stored[i], column), i), reverse=order == "desc")
            body = project_body(world, sort=sort, sort_order=order)
            assert listed(live, body) == expected, (sort, order)
            assert walk_pages(live, body, 3) == expected, (sort, order)
            assert walk_tokens(live, body, 3) == expected, (sort, order)
            few = {**body, "filter": [{"field": "labelsCount", "operator": "<", "value": 2}]}
            assert walk_tokens(live, few, 2) == [i for i in expected if stored[i].labels_count < 2], (sort, order)


def test_bad_pagination_requests(live, world):
    body = project_body(world)
    refused(live.call("images.list", {**body, "page": 0}, ALICE))
    refused(live.call("images.list", {**body, "per_page": 0}, ALICE))
    refused(live.call("images.list", {**body, "per_page": "10"}, ALICE))
    refused(live.call("images.list", {**body, "pagination_mode": "cursor"}, ALICE))
    refused(live.call("images.list", {**body, "pagination_mode": "token", "after": "!!not-a-cursor"}, ALICE))
    by_name = ok(live.call("images.list", {**body, "pagination_mode": "token", "per_page": 2, "sort": "name"}, ALICE))
    assert "another sort" in refused(
        live.call("images.list", {**body, "pagination_mode": "token", "after": by_name["after"]}, ALICE)
    )
    refused(live.call("images.list", {**body, "sort": "hash"}, ALICE))
    refused(live.call("images.list", {**body, "sort_order": "up"}, ALICE))
    page = ok(live.call("images.list", {**body, "per_page": 10**9}, ALICE))
    assert page["perPage"] == 20000


# --- the `filter` conditions ------------------------------------------------------

OPS = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
    "in": lambda a, b: a in b,
    "!in": lambda a, b: a not in b,
}


def filter_cases(world):
    d1, d2 = world.images["d1"], world.images["d2"]
    t = (BASE + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return [
        ("id", "=", d1[2]),
        ("id", "!=", d1[2]),
        ("id", ">", d1[3]),
        ("id", "<", d2[1]),
        ("id", ">=", d1[3]),
        ("id", "<=", d1[3]),
        ("id", "in", [d1[0], d2[4], 987654]),
        ("id", "!in", [d1[0], d2[4]]),
        ("name", "=", "d2_003.jpg"),
        ("name", "!=", "d2_003.jpg"),
        ("name", ">", "d1_004.jpg"),
        ("name", "in", ["d1_000.jpg", "nope"]),
        ("name", "!in", ["d1_000.jpg"]),
        ("datasetId", "=", world["d2"]),
        ("datasetId", "!in", [world["d2"]]),
        ("labelsCount", ">", 0),
        ("labelsCount", ">=", 2),
        ("labelsCount", "<=", 1),
        ("labelsCount", "=", 0),
        ("createdAt", ">=", t),
        ("createdAt", "<", t),
        ("createdAt", "=", t),
        ("updatedAt", "<=", t),
        ("updatedAt", "!=", t),
    ]


def test_every_filter_field_and_operator(live, world):
    stamp_times(live, world)
    stored = rows(live, p1_ids(world))
    column = {
        "id": "id",
        "name": "name",
        "datasetId": "dataset_id",
        "labelsCount": "labels_count",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
    }
    for field, op, value in filter_cases(world):
        wanted = value
        if field in ("createdAt", "updatedAt"):
            wanted = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.000Z")
        expected = [i for i in sorted(stored) if OPS[op](getattr(stored[i], column[field]), wanted)]
        got = listed(live, project_body(world, filter=[{"field": field, "operator": op, "value": value}]))
        assert got == expected, (field, op, value)
    both = [
        {"field": "datasetId", "operator": "=", "value": world["d1"]},
        {"field": "labelsCount", "operator": "=", "value": 0},
    ]
    assert listed(live, project_body(world, filter=both)) == world.images["d1"][2:]


def test_bad_filter_conditions(live, world):
    for cond in (
        {"field": "hash", "operator": "=", "value": "x"},
        {"field": "id", "operator": "~", "value": 1},
        {"field": "id", "operator": "in", "value": 1},
        {"field": "id", "operator": ">", "value": [1]},
        {"field": "createdAt", "operator": ">", "value": "yesterday"},
        {"field": "id", "operator": ">"},
        {"operator": "=", "value": 1},
    ):
        refused(live.call("images.list", project_body(world, filter=[cond]), ALICE))
    refused(live.call("images.list", project_body(world, filter={"field": "id"}), ALICE))


# --- typed `filters` ---------------------------------------------------------------


def typed(kind, **data):
    return [{"type": kind, "data": data}]


def test_entities_collection_filter(live, world):
    members = [world.images["d1"][4], world.images["d2"][0]]
    coll = add_collection(live, world["p1"], "fp", members)
    # exactly what entities_collection.get_items sends
    body = {
        "projectId": world["p1"],
        "datasetId": None,
        "filter": [],
        "sort": "id",
        "sort_order": "asc",
        "forceMetadataForLinks": True,
        "recursive": False,
        "filters": [{"type": "entities_collection", "data": {"collectionId": coll, "include": True}}],
    }
    assert listed(live, body) == members
    assert listed(
        live, project_body(world, filters=typed("entities_collection", collectionId=coll, include=False))
    ) == [i for i in p1_ids(world) if i not in members]
    assert listed(live, dataset_body(world, filters=typed("entities_collection", collectionId=coll))) == members[:1]
    assert walk_tokens(live, {**body, "sort": "name", "sort_order": "desc"}, 1) == members[::-1]


def test_entities_collection_filter_refusals(live, world):
    theirs = add_collection(live, world["pb"], "bob's", world.images["pbd"])
    other_project = add_collection(live, world["p2"], "p2 items", world.images["p2d"])
    refused(
        live.call("images.list", project_body(world, filters=typed("entities_collection", collectionId=theirs)), ALICE),
        404,
    )
    refused(
        live.call("images.list", project_body(world, filters=typed("entities_collection", collectionId=987654)), ALICE),
        404,
    )
    assert "another project" in refused(
        live.call(
            "images.list", project_body(world, filters=typed("entities_collection", collectionId=other_project)), ALICE
        )
    )
    refused(
        live.call("images.list", project_body(world, filters=typed("entities_collection", collectionId="1")), ALICE)
    )
    refused(live.call("images.list", project_body(world, filters=typed("entities_collection")), ALICE))


def test_objects_class_filter(live, world):
    d1 = world.images["d1"]
    everyone = p1_ids(world)
    # what api.image.get_list(..., only_labelled=True) sends
    labelled = project_body(
        world, filters=typed("objects_class", **{"from": 1, "to": 9999, "include": True, "classId": None})
    )
    assert listed(live, labelled) == [d1[0], d1[1]]
    cases = [
        (dict(classId=world["car"]), [d1[0], d1[1]]),
        (dict(classId=world["person"]), [d1[1]]),
        (dict(classId=world["car"], **{"from": 2, "to": 5}), []),
        (dict(classId=None, **{"from": 2, "to": 2}), [d1[1]]),
        (dict(classId=world["person"], include=False), [i for i in everyone if i != d1[1]]),
        (dict(classId=world["car"], **{"from": 0, "to": 0}), [i for i in everyone if i not in d1[:2]]),
        (dict(classId=world["car"], **{"from": 0, "to": 1}), everyone),
        (dict(classId=world["person"], **{"from": 0}), everyone),
        (dict(classId=world["person"], include=False, **{"from": 0, "to": 0}), [d1[1]]),
    ]
    for data, expected in cases:
        assert listed(live, project_body(world, filters=typed("objects_class", **data))) == expected, data
    with live.sessions()() as s, s.begin():
        other = ObjClass(project_id=world["p2"], title="car")
        s.add(other)
        s.flush()
        other_id = other.id
    for data in (
        dict(classId=other_id),
        dict(classId=987654),
        dict(classId=world["car"], **{"from": 3, "to": 1}),
        dict(classId=world["car"], **{"from": -1}),
        dict(classId="car"),
    ):
        refused(live.call("images.list", project_body(world, filters=typed("objects_class", **data)), ALICE))


def test_images_tag_filter(live, world):
    d1, d2 = world.images["d1"], world.images["d2"]
    with live.sessions()() as s, s.begin():
        color = TagMeta(project_id=world["p1"], name="color", value_type="any_string")
        score = TagMeta(project_id=world["p1"], name="score", value_type="any_number")
        foreign = TagMeta(project_id=world["p2"], name="reviewed")
        s.add_all([color, score, foreign])
        s.flush()
        s.add_all(
            [
                ImageTag(image_id=d1[0], tag_meta_id=color.id, value="red"),
                ImageTag(image_id=d2[0], tag_meta_id=color.id, value="blue"),
                ImageTag(image_id=d2[1], tag_meta_id=score.id, value=3),
                ImageTag(image_id=d2[2], tag_meta_id=score.id, value=0.5),
            ]
        )
        ids = {"color": color.id, "score": score.id, "foreign": foreign.id}
    cases = [
        (dict(tagId=world["reviewed"]), [d1[1]]),
        (dict(tagId=world["reviewed"], include=False), [i for i in p1_ids(world) if i != d1[1]]),
        (dict(tagId=ids["color"]), [d1[0], d2[0]]),
        (dict(tagId=ids["color"], value="blue"), [d2[0]]),
        (dict(tagId=ids["color"], value="Blue"), []),
        (dict(tagId=ids["color"], value="blue", include=False), [i for i in p1_ids(world) if i != d2[0]]),
        (dict(tagId=ids["score"], value=3.0), [d2[1]]),
        (dict(tagId=ids["score"], value=0.5), [d2[2]]),
    ]
    for data, expected in cases:
        assert listed(live, project_body(world, filters=typed("images_tag", **data))) == expected, data
    for data in (dict(tagId=ids["foreign"]), dict(tagId=987654), dict(), dict(tagId=ids["color"], value=["a"])):
        refused(live.call("images.list", project_body(world, filters=typed("images_tag", **data)), ALICE))


def test_images_filename_filter(live, world):
    odd = add_images(live, world["p2d"], ["Holiday_2024.JPG", "holidayX2024.jpg", "50%.jpg"])
    body = {**project_body(world), "projectId": world["p2"]}
    cases = [
        ("holiday", odd[:2]),
        ("HOLIDAY_", odd[:1]),
        ("_", world.images["p2d"] + odd[:1]),
        ("%", odd[2:]),
        ("", world.images["p2d"] + odd),
        ("nothing", []),
    ]
    for value, expected in cases:
        assert listed(live, {**body, "filters": typed("images_filename", value=value)}) == sorted(expected), value
    refused(live.call("images.list", {**body, "filters": typed("images_filename", value="x" * 256)}, ALICE))
    refused(live.call("images.list", {**body, "filters": typed("images_filename", value=3)}, ALICE))


def test_filters_combine(live, world):
    coll = add_collection(live, world["p1"], "mixed", world.images["d1"][:3] + world.images["d2"][:1])
    filters = (
        typed("entities_collection", collectionId=coll)
        + typed("objects_class", classId=world["car"])
        + typed("images_filename", value="d1_00")
    )
    not_first = [{"field": "id", "operator": "!=", "value": world.images["d1"][0]}]
    body = project_body(world, filters=filters, filter=not_first)
    assert listed(live, body) == [world.images["d1"][1]]


def test_unknown_filter_type_is_refused_clearly(live, world):
    message = refused(
        live.call("images.list", project_body(world, filters=typed("objects_annotator", userId=1)), ALICE)
    )
    assert "objects_annotator" in message and "images_tag" in message
    refused(live.call("images.list", project_body(world, filters=[{"data": {}}]), ALICE))
    refused(live.call("images.list", project_body(world, filters={"type": "images_tag"}), ALICE))


# --- a large project -------------------------------------------------------------


@pytest.mark.benchmark
def test_filtered_pages_of_a_million_image_project_stay_near_a_plain_page(live, world):
    n, marked = 1_000_000, 1000  # every 1000th image is in a collection, tagged and has a car
    with live.sessions()() as s, s.begin():
        ds = Dataset(project_id=world["p1"], name="big")
        s.add(ds)
        s.flush()
        ds_id = ds.id
        for start in range(0, n, 50_000):
            s.execute(
                insert(Image),
                [
                    {
                        "dataset_id": ds_id,
                        "project_id": world["p1"],
                        "name": f"big_{i:07d}.jpg",
                        "width": 640,
                        "height": 480,
                        "labels_count": i % 3,
                    }
                    for i in range(start, start + 50_000)
                ],
            )
        some = list(
            s.scalars(select(Image.id).where(Image.dataset_id == ds_id).order_by(Image.id).limit(marked * 1000))
        )[::1000]
        s.execute(insert(Figure), [{"image_id": i, "class_id": world["car"], "points": RECT_POINTS} for i in some])
        s.execute(insert(ImageTag), [{"image_id": i, "tag_meta_id": world["reviewed"]} for i in some])
    coll = add_collection(live, world["p1"], "big-collection", some)
    body = project_body(world)
    timings = {}
    for label, extra in [
        ("first page, 1000", {"per_page": 1000}),
        ("deep page, 1000", {"per_page": 1000, "page": 900}),
        ("token, 1000", {"per_page": 1000, "pagination_mode": "token"}),
        ("default page", {}),
        ("largest page", {"per_page": 20000}),
        ("labelled", {"per_page": 1000, "filters": typed("objects_class", classId=None, **{"from": 1, "to": 9999})}),
        ("class car", {"per_page": 1000, "filters": typed("objects_class", classId=world["car"])}),
        ("in collection", {"per_page": 1000, "filters": typed("entities_collection", collectionId=coll)}),
        (
            "not in collection",
            {"per_page": 1000, "filters": typed("entities_collection", collectionId=coll, include=False)},
        ),
        ("tagged", {"per_page": 1000, "filters": typed("images_tag", tagId=world["reviewed"])}),
        ("name contains", {"per_page": 1000, "filters": typed("images_filename", value="_00001")}),
        ("name desc", {"per_page": 1000, "sort": "name", "sort_order": "desc"}),
    ]:
        started = time.perf_counter()
        page = ok(live.call("images.list", {**body, **extra}, ALICE))
        timings[label] = round(time.perf_counter() - started, 3)
        assert page["entities"], label
    plain = timings["first page, 1000"]
    ratios = {label: round(t / plain, 1) for label, t in timings.items()}
    print(timings, ratios)
    # A ratio, not a time: each 1000-row page, filtered, sorted or deep, stays within 10x of the
    # plain first page (a condition that scanned the million rows instead of an index would be
    # 100x). The largest page is 20x the rows, so it is left out.
    assert all(r <= 10 for label, r in ratios.items() if label != "largest page"), ratios

"""Contract tests for annotations.info, annotations.bulk.info, annotations.list
and annotations.bulk.add (what api.annotation.upload_* sends), on SQLite and
PostgreSQL. Bad uploads must change nothing."""

from __future__ import annotations

import copy
import json
import threading

from sqlalchemy import select

from desktop_app.server.db.models import Figure, Image, ImageTag, ObjClass, TagMeta
from tests.server.http_helpers import ok, refused
from tests.server.world import ALICE, BOB

RECT = {"exterior": [[10, 20], [110, 220]], "interior": []}


def info_body(image_id):
    """What api.annotation.download(image_id) sends."""
    return {"imageId": image_id, "withCustomBigData": False, "forceMetadataForLinks": True, "integerCoords": False}


def add_meta(live, world):
    """Classes and tags beyond the world's: point/polygon classes, valued tags."""
    with live.sessions()() as s, s.begin():
        items = {
            "pt": ObjClass(project_id=world["p1"], title="pt", shape="point"),
            "poly": ObjClass(project_id=world["p1"], title="poly", shape="polygon"),
            "anything": ObjClass(project_id=world["p1"], title="anything", shape="any"),
            "conf": TagMeta(
                project_id=world["p1"], name="conf", value_type="any_number", applicable_type="objectsOnly"
            ),
            "color": TagMeta(
                project_id=world["p1"],
                name="color",
                value_type="oneof_string",
                values=["red", "blue"],
                applicable_type="imagesOnly",
            ),
            "note": TagMeta(project_id=world["p1"], name="note", value_type="any_string"),
            "p2class": ObjClass(project_id=world["p2"], title="car"),
        }
        s.add_all(items.values())
        s.flush()
        return {k: v.id for k, v in items.items()}


def sdk_annotation():
    """Annotation.to_json() of an SDK annotation, after the SDK's subpixel conversion."""
    return {
        "description": "",
        "size": {"height": 480, "width": 640},
        "tags": [{"name": "reviewed"}],
        "objects": [
            {
                "classTitle": "car",
                "description": "",
                "tags": [{"name": "conf", "value": 0.5}],
                "points": {"exterior": [[10, 20], [110, 220]], "interior": []},
                "geometryType": "rectangle",
                "shape": "rectangle",
                "nnCreated": False,
                "nnUpdated": False,
            },
            {
                "classTitle": "pt",
                "description": "",
                "tags": [],
                "points": {"exterior": [[6.5, 5.5]], "interior": []},
                "geometryType": "point",
                "shape": "point",
                "nnCreated": False,
                "nnUpdated": False,
            },
            {
                "classTitle": "poly",
                "description": "",
                "tags": [],
                "points": {"exterior": [[1.5, 1.5], [10.5, 1.5], [10.5, 10.5]], "interior": []},
                "shape": "polygon",
                "geometryType": "polygon",
                "nnCreated": False,
                "nnUpdated": False,
            },
        ],
        "customBigData": {},
    }


def upload_body(dataset_id, pairs, skip_bounds=False):
    """What api.annotation.upload_jsons / upload_anns send (annotation_api.py _upload_batch)."""
    return {
        "datasetId": dataset_id,
        "annotations": [{"imageId": i, "annotation": a} for i, a in pairs],
        "skipBoundsValidation": skip_bounds,
    }


def snapshot(live):
    """Every stored annotation fact, to prove a refused upload changed nothing."""
    with live.sessions()() as s:
        figures = sorted(
            (f.id, f.image_id, f.class_id, f.geometry_type, json.dumps(f.points), json.dumps(f.tags))
            for f in s.scalars(select(Figure))
        )
        tags = sorted((t.id, t.image_id, t.tag_meta_id, json.dumps(t.value)) for t in s.scalars(select(ImageTag)))
        images = sorted(
            (i.id, i.labels_count, i.ann_version, i.updated_at, i.ann_updated_at) for i in s.scalars(select(Image))
        )
    return figures, tags, images


# --- reading -------------------------------------------------------------------


def test_annotations_info_shape(live, world):
    image_id = world.images["d1"][1]
    info = ok(live.call("annotations.info", info_body(image_id), ALICE))
    assert (info["imageId"], info["imageName"], info["datasetId"]) == (image_id, "d1_001.jpg", world["d1"])
    assert info["createdAt"] and info["updatedAt"] and info["version"] == 1
    ann = info["annotation"]
    assert ann["size"] == {"height": 480, "width": 640}
    assert [(t["name"], t["tagId"], t["value"]) for t in ann["tags"]] == [("reviewed", world["reviewed"], None)]
    assert [(o["classTitle"], o["classId"]) for o in ann["objects"]] == [
        ("car", world["car"]),
        ("person", world["person"]),
    ]
    for obj in ann["objects"]:
        assert {
            "id",
            "classId",
            "classTitle",
            "description",
            "geometryType",
            "labelerLogin",
            "createdAt",
            "updatedAt",
            "tags",
            "points",
        } <= set(obj)
        assert (obj["geometryType"], obj["points"], obj["tags"]) == ("rectangle", RECT, [])
    empty = ok(live.call("annotations.info", info_body(world.images["d1"][3]), ALICE))["annotation"]
    assert (empty["objects"], empty["tags"]) == ([], [])


def test_annotations_info_refusals(live, world):
    refused(live.call("annotations.info", info_body(world.images["d1"][0]), BOB), 404)
    refused(live.call("annotations.info", info_body(987654321), ALICE), 404)
    refused(live.call("annotations.info", {"imageId": "1"}, ALICE))
    refused(live.call("annotations.info", {}, ALICE))


def test_annotations_bulk_info(live, world):
    d1 = world.images["d1"]
    body = {
        "datasetId": world["d1"],
        "imageIds": [d1[3], d1[1], d1[0]],
        "withCustomBigData": False,
        "forceMetadataForLinks": True,
        "integerCoords": False,
    }
    infos = ok(live.call("annotations.bulk.info", body, ALICE))
    assert isinstance(infos, list)
    assert [i["imageId"] for i in infos] == [d1[3], d1[1], d1[0]]
    assert [len(i["annotation"]["objects"]) for i in infos] == [0, 2, 1]
    assert infos[1] == ok(live.call("annotations.info", info_body(d1[1]), ALICE))
    refused(live.call("annotations.bulk.info", {**body, "imageIds": [world.images["d2"][0]]}, ALICE))
    refused(live.call("annotations.bulk.info", {**body, "imageIds": list(range(1, 102))}, ALICE))
    refused(live.call("annotations.bulk.info", body, BOB), 404)
    refused(live.call("annotations.bulk.info", {"datasetId": world["d1"]}, ALICE))


def test_annotations_list_pages(live, world):
    d1 = world.images["d1"]
    body = {"datasetId": world["d1"], "filter": [], "forceMetadataForLinks": True, "sort": "id", "sort_order": "asc"}
    page = ok(live.call("annotations.list", body, ALICE))
    assert [a["imageId"] for a in page["entities"]] == d1 and page["total"] == 5
    seen = []
    for n in (1, 2, 3):
        part = ok(live.call("annotations.list", {**body, "page": n, "per_page": 2}, ALICE))
        assert (part["total"], part["pagesCount"]) == (5, 3)
        seen += [a["imageId"] for a in part["entities"]]
    assert seen == d1
    labelled = ok(
        live.call(
            "annotations.list", {**body, "filter": [{"field": "labelsCount", "operator": ">", "value": 0}]}, ALICE
        )
    )
    assert [len(a["annotation"]["objects"]) for a in labelled["entities"]] == [1, 2]
    refused(live.call("annotations.list", body, BOB), 404)
    refused(live.call("annotations.list", {"filter": []}, ALICE))


# --- uploading -------------------------------------------------------------------


def test_upload_replaces_figures_and_tags(live, world):
    meta = add_meta(live, world)
    image_id = world.images["d1"][1]  # had car + person and the 'reviewed' tag
    ann = sdk_annotation()
    ann["tags"] = [{"name": "color", "value": "blue"}, {"name": "note", "value": "check me"}]
    result = ok(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, ann)]), ALICE))
    assert result["annotations"][0]["imageId"] == image_id and result["annotations"][0]["version"] == 2

    info = ok(live.call("annotations.info", info_body(image_id), ALICE))
    objects = info["annotation"]["objects"]
    assert [(o["classTitle"], o["geometryType"], o["points"]) for o in objects] == [
        (o["classTitle"], o["geometryType"], o["points"]) for o in ann["objects"]
    ]
    assert objects[0]["tags"] == [{"tagId": meta["conf"], "name": "conf", "value": 0.5}]
    assert all(o["labelerLogin"] == "alice" for o in objects)
    assert [(t["name"], t["value"]) for t in info["annotation"]["tags"]] == [("color", "blue"), ("note", "check me")]
    assert info["version"] == 2

    image = ok(live.call("images.info", {"id": image_id}, ALICE))
    assert image["labelsCount"] == 3
    assert [t["name"] for t in image["tags"]] == ["color", "note"]
    polys = {"type": "objects_class", "data": {"classId": meta["poly"], "from": 1, "to": 1}}
    found = ok(live.call("images.list", {"projectId": world["p1"], "filters": [polys]}, ALICE))
    assert [e["id"] for e in found["entities"]] == [image_id]


def test_upload_bumps_version_and_timestamps(live, world):
    add_meta(live, world)
    image_id = world.images["d1"][0]
    before = snapshot(live)[2]
    old = next(row for row in before if row[0] == image_id)
    for expected_version in (2, 3):
        ok(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, sdk_annotation())]), ALICE))
        row = next(r for r in snapshot(live)[2] if r[0] == image_id)
        assert row[2] == expected_version
    assert row[3] > old[3] and row[4] > old[4]
    untouched = [r for r in snapshot(live)[2] if r[0] != image_id]
    assert untouched == [r for r in before if r[0] != image_id]


def test_download_upload_round_trip_keeps_the_annotation(live, world):
    image_id = world.images["d1"][1]
    before = ok(live.call("annotations.info", info_body(image_id), ALICE))
    ok(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, before["annotation"])]), ALICE))
    after = ok(live.call("annotations.info", info_body(image_id), ALICE))

    def essence(info):
        ann = info["annotation"]
        return (
            [(o["classId"], o["geometryType"], o["points"], o["tags"]) for o in ann["objects"]],
            [(t["tagId"], t["value"]) for t in ann["tags"]],
            ann["size"],
        )

    assert essence(after) == essence(before)
    assert after["version"] == before["version"] + 1


def test_empty_annotation_clears_the_image(live, world):
    image_id = world.images["d1"][1]
    empty = {"description": "", "size": {"height": 480, "width": 640}, "tags": [], "objects": []}
    ok(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, empty)]), ALICE))
    ann = ok(live.call("annotations.info", info_body(image_id), ALICE))["annotation"]
    assert (ann["objects"], ann["tags"]) == ([], [])
    assert ok(live.call("images.info", {"id": image_id}, ALICE))["labelsCount"] == 0


def test_batch_of_several_images(live, world):
    add_meta(live, world)
    d2 = world.images["d2"]
    pairs = [
        (d2[0], sdk_annotation()),
        (
            d2[3],
            {
                "size": {"height": 480, "width": 640},
                "objects": [
                    {"classTitle": "person", "geometryType": "rectangle", "points": {"exterior": [[0, 0], [640, 480]]}}
                ],
            },
        ),
    ]
    ok(live.call("annotations.bulk.add", upload_body(world["d2"], pairs), ALICE))
    counts = {
        e["id"]: e["labelsCount"] for e in ok(live.call("images.list", {"datasetId": world["d2"]}, ALICE))["entities"]
    }
    assert counts == {d2[0]: 3, d2[1]: 0, d2[2]: 0, d2[3]: 1, d2[4]: 0}


def test_class_of_any_shape_and_class_id_and_skip_bounds(live, world):
    meta = add_meta(live, world)
    image_id = world.images["d1"][2]
    outside = {"exterior": [[-5, -5], [700, 500]], "interior": []}
    ann = {
        "size": {"height": 480, "width": 640},
        "objects": [
            {"classId": meta["anything"], "geometryType": "polygon", "points": {"exterior": [[1, 1], [5, 1], [5, 5]]}},
            {"classId": world["car"], "classTitle": "car", "geometryType": "rectangle", "points": outside},
        ],
    }
    refused(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, ann)]), ALICE))
    ok(live.call("annotations.bulk.add", upload_body(world["d1"], [(image_id, ann)], skip_bounds=True), ALICE))
    objects = ok(live.call("annotations.info", info_body(image_id), ALICE))["annotation"]["objects"]
    assert [(o["classTitle"], o["points"]["exterior"]) for o in objects] == [
        ("anything", [[1, 1], [5, 1], [5, 5]]),
        ("car", outside["exterior"]),
    ]


def bad_uploads(world, meta):
    """(why, body) pairs that must be refused with 400 and change nothing."""
    d1, d2 = world.images["d1"], world.images["d2"]
    good = sdk_annotation()

    def with_object(**changes):
        ann = copy.deepcopy(good)
        ann["objects"][0].update(changes)
        return upload_body(world["d1"], [(d1[0], ann)])

    def with_tags(tags, where="image"):
        ann = copy.deepcopy(good)
        if where == "image":
            ann["tags"] = tags
        else:
            ann["objects"][0]["tags"] = tags
        return upload_body(world["d1"], [(d1[0], ann)])

    rect = lambda *pts: {"exterior": [list(p) for p in pts], "interior": []}  # noqa: E731
    return [
        ("unknown class", with_object(classTitle="dog")),
        ("class of another project", with_object(classTitle=None, classId=meta["p2class"])),
        ("title and id disagree", with_object(classId=world["person"])),
        ("no class", with_object(classTitle=None)),
        (
            "geometry not of the class",
            with_object(geometryType="polygon", shape="polygon", points=rect((1, 1), (5, 1), (5, 5))),
        ),
        ("unsupported geometry", with_object(geometryType="bitmap", shape="bitmap")),
        ("no geometry", with_object(geometryType=None, shape=None)),
        ("three rectangle points", with_object(points=rect((1, 1), (5, 5), (9, 9)))),
        ("left >= right", with_object(points=rect((50, 20), (50, 220)))),
        ("top >= bottom", with_object(points=rect((10, 220), (110, 20)))),
        ("out of bounds", with_object(points=rect((10, 20), (641, 220)))),
        ("beyond any sane range", {**with_object(points=rect((10, 20), (10**7, 220))), "skipBoundsValidation": True}),
        (
            "rectangle with interior",
            with_object(points={"exterior": [[1, 1], [9, 9]], "interior": [[[2, 2], [3, 2], [3, 3]]]}),
        ),
        ("coordinate is text", with_object(points=rect(("10", 20), (110, 220)))),
        ("three coordinates", with_object(points={"exterior": [[10, 20, 1], [110, 220]], "interior": []})),
        ("no points", with_object(points=None)),
        ("over-long description", with_object(description="x" * 10001)),
        ("over-long class title", with_object(classTitle="c" * 256)),
        ("unknown image tag", with_tags([{"name": "nope"}])),
        ("tag of no value given one", with_tags([{"name": "reviewed", "value": 1}])),
        ("number tag given text", with_tags([{"name": "conf", "value": "high"}], "object")),
        ("number tag without value", with_tags([{"name": "conf"}], "object")),
        ("value not among oneof", with_tags([{"name": "color", "value": "green"}])),
        ("images-only tag on an object", with_tags([{"name": "color", "value": "red"}], "object")),
        ("objects-only tag on an image", with_tags([{"name": "conf", "value": 1}])),
        ("tag name and id disagree", with_tags([{"name": "reviewed", "tagId": meta["note"]}])),
        ("over-long string value", with_tags([{"name": "note", "value": "n" * 5000}])),
        (
            "size differs from the image",
            upload_body(world["d1"], [(d1[0], {**good, "size": {"height": 1, "width": 1}})]),
        ),
        ("image of another dataset", upload_body(world["d1"], [(d2[0], good)])),
        ("unknown image", upload_body(world["d1"], [(987654321, good)])),
        ("image twice", upload_body(world["d1"], [(d1[0], good), (d1[0], good)])),
        (
            "one bad among good ones",
            upload_body(
                world["d1"],
                [
                    (d1[0], good),
                    (d1[2], good),
                    (d1[3], {**good, "objects": [{"classTitle": "dog", "geometryType": "rectangle", "points": RECT}]}),
                ],
            ),
        ),
        ("too many images", upload_body(world["d1"], [(d1[0], good)] * 501)),
        ("no datasetId", {"annotations": []}),
        ("annotations not a list", {"datasetId": world["d1"], "annotations": {"imageId": d1[0]}}),
        ("annotation not an object", upload_body(world["d1"], [(d1[0], "car")])),
    ]


def test_bad_uploads_are_refused_and_change_nothing(live, world):
    meta = add_meta(live, world)
    before = snapshot(live)
    for why, body in bad_uploads(world, meta):
        response = live.call("annotations.bulk.add", body, ALICE)
        assert response.status_code == 400, (why, response.text)
        assert response.json()["details"]["message"], why
        assert snapshot(live) == before, why


def test_upload_visibility_and_nan(live, world):
    add_meta(live, world)
    before = snapshot(live)
    body = upload_body(world["d1"], [(world.images["d1"][0], sdk_annotation())])
    refused(live.call("annotations.bulk.add", body, BOB), 404)
    # bob names his own dataset with alice's image
    refused(live.call("annotations.bulk.add", {**body, "datasetId": world["pbd"]}, BOB))
    text = json.dumps(body).replace("[[10, 20], [110, 220]]", "[[NaN, 20], [110, 220]]")
    assert "NaN" in text
    raw = live.http.post(
        "/public/api/v3/annotations.bulk.add",
        content=text,
        headers={"x-api-key": ALICE, "content-type": "application/json"},
    )
    assert raw.status_code == 400, raw.text
    assert snapshot(live) == before


def test_concurrent_saves_of_one_image_do_not_mix(live, world):
    """Two clients save different annotations of one image at the same moment,
    round after round: after each round the image holds exactly one of them."""
    import httpx

    image_id, rounds = world.images["d1"][4], 8
    sizes = {"car": 30, "person": 40}
    start, done = threading.Barrier(2), threading.Barrier(3)
    statuses = []

    def ann(cls):
        return {
            "size": {"height": 480, "width": 640},
            "objects": [
                {"classTitle": cls, "geometryType": "rectangle", "points": {"exterior": [[i, i], [i + 5, i + 5]]}}
                for i in range(sizes[cls])
            ],
        }

    def save(cls):
        with httpx.Client(base_url=live.url, timeout=60) as http:
            for _ in range(rounds):
                start.wait()
                r = http.post(
                    "/public/api/v3/annotations.bulk.add",
                    json=upload_body(world["d1"], [(image_id, ann(cls))]),
                    headers={"x-api-key": ALICE},
                )
                statuses.append(r.status_code)
                done.wait()
                done.wait()  # the checker looks at the image between these two

    threads = [threading.Thread(target=save, args=(cls,)) for cls in sizes]
    for t in threads:
        t.start()
    seen = []
    for _ in range(rounds):
        done.wait()
        objects = ok(live.call("annotations.info", info_body(image_id), ALICE))["annotation"]["objects"]
        seen.append((sorted({o["classTitle"] for o in objects}), len(objects)))
        done.wait()
    for t in threads:
        t.join()
    assert statuses == [200] * 2 * rounds, statuses
    assert all(s in ((["car"], 30), (["person"], 40)) for s in seen), seen
    final = ok(live.call("annotations.info", info_body(image_id), ALICE))
    assert final["version"] == 1 + 2 * rounds
    assert ok(live.call("images.info", {"id": image_id}, ALICE))["labelsCount"] == seen[-1][1]


def test_upload_with_wrong_types(live, world):
    before = snapshot(live)
    for field in ("datasetId", "imageId", "skipBoundsValidation"):
        body = upload_body(world["d1"], [(world.images["d1"][0], sdk_annotation())])
        if field == "datasetId":
            body["datasetId"] = str(world["d1"])
        elif field == "imageId":
            body["annotations"][0]["imageId"] = None
        else:
            body["skipBoundsValidation"] = "no"
        refused(live.call("annotations.bulk.add", body, ALICE))
        assert snapshot(live) == before, field

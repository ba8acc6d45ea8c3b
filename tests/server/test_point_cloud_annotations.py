"""Point-cloud annotations over HTTP: the bulk.info JSON, the whole-annotation
save (round trip, version conflicts, refusals that change nothing) and the
SDK's piecewise append (tags, objects, object tags, figures)."""

from __future__ import annotations

import copy
import json

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.pcd_world import CAR_KEY, CUBOID, build_pcd_world
from tests.server.world import ALICE, BOB


@pytest.fixture
def pcd(live, world):
    return build_pcd_world(live, world)


def annotation(live, pcd, cloud_id: int, dataset: str = "d1") -> dict:
    body = {"datasetId": pcd[dataset], "pointCloudIds": [cloud_id]}
    return ok(live.call("point-clouds.annotations.bulk.info", body, ALICE))[0]


def test_bulk_info_gives_the_point_cloud_annotation_format(live, pcd):
    cloud = pcd.clouds["scans1"][0]
    ann = annotation(live, pcd, cloud)
    assert ann["pointCloudId"] == cloud and ann["datasetId"] == pcd["d1"] and len(ann["key"]) == 32
    assert [t["name"] for t in ann["tags"]] == ["night"]
    [obj] = ann["objects"]
    assert obj["key"] == CAR_KEY and obj["classTitle"] == "car" and obj["id"] == pcd["car_object"]
    [fig] = ann["figures"]
    assert fig["objectKey"] == CAR_KEY and fig["objectId"] == obj["id"]
    assert fig["geometryType"] == "cuboid_3d" and fig["geometry"] == CUBOID
    assert annotation(live, pcd, cloud) == ann  # keys are stable between downloads
    empty = annotation(live, pcd, pcd.clouds["scans1"][2])
    assert empty["objects"] == [] and empty["figures"] == [] and empty["tags"] == []
    refused(live.call("point-clouds.annotations.bulk.info", {"datasetId": pcd["d2"], "pointCloudIds": [cloud]}, ALICE))
    refused(
        live.call("point-clouds.annotations.bulk.info", {"datasetId": pcd["d1"], "pointCloudIds": [cloud]}, BOB), 404
    )


def _new_annotation() -> dict:
    ped = "1a2b3c4d5e6f40718293a4b5c6d7e8f9"
    car = "9f8e7d6c5b4a43218f7e6d5c4b3a2910"
    moved = copy.deepcopy(CUBOID)
    moved["position"]["x"] = -3.5
    return {
        "tags": [{"name": "night"}],
        "objects": [
            {"key": car, "classTitle": "car", "tags": [{"name": "confidence", "value": 0.75}]},
            {"key": ped, "classTitle": "pedestrian", "tags": []},
        ],
        "figures": [
            {"objectKey": car, "geometryType": "cuboid_3d", "geometry": CUBOID},
            {"objectKey": ped, "geometryType": "cuboid_3d", "geometry": moved},
        ],
    }


def test_save_replaces_the_whole_annotation_and_reads_back(live, pcd):
    cloud = pcd.clouds["scans1"][2]
    before = annotation(live, pcd, cloud)
    saved = ok(
        live.call(
            "point-clouds.annotations.save",
            {"pointCloudId": cloud, "annotation": _new_annotation(), "expectedVersion": before["version"]},
            ALICE,
        )
    )
    assert saved["pointCloudId"] == cloud and saved["version"] == before["version"] + 1
    after = annotation(live, pcd, cloud)
    assert [o["classTitle"] for o in after["objects"]] == ["car", "pedestrian"]
    assert [o["key"] for o in after["objects"]] == [o["key"] for o in _new_annotation()["objects"]]
    car_tags = after["objects"][0]["tags"]
    assert [(t["name"], t["value"]) for t in car_tags] == [("confidence", 0.75)] and car_tags[0]["id"] > 2**31
    assert [f["geometry"]["position"]["x"] for f in after["figures"]] == [4.0, -3.5]
    assert [f["objectKey"] for f in after["figures"]] == [o["key"] for o in after["objects"]]
    info = ok(live.call("point-clouds.info", {"id": cloud}, ALICE))
    assert info["labelsCount"] == 2 and info["figuresCount"] == 2 and info["annotationObjectsCount"] == 2
    # saving what was downloaded (ids, times and all) changes nothing but the version
    again = ok(live.call("point-clouds.annotations.save", {"pointCloudId": cloud, "annotation": after}, ALICE))
    reread = annotation(live, pcd, cloud)
    assert again["version"] == saved["version"] + 1
    assert [o["key"] for o in reread["objects"]] == [o["key"] for o in after["objects"]]
    assert [f["geometry"] for f in reread["figures"]] == [f["geometry"] for f in after["figures"]]
    # class filters follow the objects
    peds = {"projectId": pcd["project"], "filters": [{"type": "objects_class", "data": {"classId": pcd["pedestrian"]}}]}
    assert [e["id"] for e in ok(live.call("point-clouds.list", peds, ALICE))["entities"]] == [cloud]
    # and an empty annotation clears it
    ok(live.call("point-clouds.annotations.save", {"pointCloudId": cloud, "annotation": {}}, ALICE))
    assert ok(live.call("point-clouds.info", {"id": cloud}, ALICE))["labelsCount"] == 0


def test_a_save_over_a_newer_version_is_a_conflict(live, pcd):
    cloud = pcd.clouds["scans1"][0]
    version = annotation(live, pcd, cloud)["version"]
    body = {"pointCloudId": cloud, "annotation": _new_annotation(), "expectedVersion": version}
    ok(live.call("point-clouds.annotations.save", body, ALICE))
    assert "changed on the server" in refused(live.call("point-clouds.annotations.save", body, ALICE), 409)


BAD_SAVES = {
    "unknown class": lambda a: a["objects"][0].update(classTitle="tram"),
    "unknown tag": lambda a: a["tags"].append({"name": "sunny"}),
    "object tag on the point cloud": lambda a: a["tags"].append({"name": "confidence", "value": 1}),
    "class of another shape": lambda a: a["objects"][0].update(classTitle="box"),
    "zero dimension": lambda a: a["figures"][0]["geometry"]["dimensions"].update(z=0),
    "negative dimension": lambda a: a["figures"][0]["geometry"]["dimensions"].update(x=-1.5),
    "string coordinate": lambda a: a["figures"][0]["geometry"]["position"].update(x="1"),
    "missing rotation": lambda a: a["figures"][0]["geometry"].pop("rotation"),
    "other geometry": lambda a: a["figures"][0].update(geometryType="point_cloud"),
    "figure of no object": lambda a: a["figures"][0].update(objectKey="00000000000000000000000000000001"),
    "repeated object key": lambda a: a["objects"][1].update(key=a["objects"][0]["key"]),
    "key that is no uuid": lambda a: a["objects"][0].update(key="car-1"),
}


@pytest.mark.parametrize("case", BAD_SAVES)
def test_bad_saves_are_refused_and_change_nothing(live, pcd, case):
    cloud = pcd.clouds["scans1"][0]
    before = annotation(live, pcd, cloud)
    ann = copy.deepcopy(_new_annotation())
    BAD_SAVES[case](ann)
    refused(live.call("point-clouds.annotations.save", {"pointCloudId": cloud, "annotation": ann}, ALICE))
    assert annotation(live, pcd, cloud) == before


def test_non_finite_numbers_are_refused(live, pcd):
    cloud = pcd.clouds["scans1"][0]
    before = annotation(live, pcd, cloud)
    figure = {
        "objectKey": CAR_KEY,
        "geometryType": "cuboid_3d",
        "geometry": {**CUBOID, "position": {"x": float("nan"), "y": 0, "z": 0}},
    }
    body = {
        "pointCloudId": cloud,
        "annotation": {"objects": [{"key": CAR_KEY, "classTitle": "car"}], "figures": [figure]},
    }
    text = json.dumps(body)  # NaN, as Python's json writes it
    assert "NaN" in text
    r = live.http.post(
        "/public/api/v3/point-clouds.annotations.save",
        content=text,
        headers={"x-api-key": ALICE, "content-type": "application/json"},
    )
    refused(r)
    assert annotation(live, pcd, cloud) == before


def test_save_of_a_missing_or_foreign_point_cloud(live, world, pcd):
    refused(
        live.call("point-clouds.annotations.save", {"pointCloudId": pcd.clouds["scans1"][0], "annotation": {}}, BOB),
        404,
    )
    refused(
        live.call("point-clouds.annotations.save", {"pointCloudId": world.images["d1"][0], "annotation": {}}, ALICE),
        404,
    )


def test_the_sdk_append_sequence_adds_to_the_annotation(live, pcd):
    """The requests api.pointcloud.annotation.append sends, in its order."""
    cloud = pcd.clouds["scans1"][0]
    version = annotation(live, pcd, cloud)["version"]
    classes = ok(live.call("advanced.object_classes.list", {"projectId": pcd["project"], "filter": []}, ALICE))
    assert {c["name"]: c["id"] for c in classes["entities"]}["pedestrian"] == pcd["pedestrian"]
    tags = ok(live.call("tags.list", {"projectId": pcd["project"], "filter": []}, ALICE))
    assert {t["name"] for t in tags["entities"]} == {"night", "confidence"}
    tag_ids = ok(
        live.call(
            "point-clouds.tags.bulk.add",
            {"entityId": cloud, "tags": [{"name": "night", "key": "ab" * 16, "tagId": pcd["night"]}]},
            ALICE,
        )
    )
    objects = ok(
        live.call(
            "annotation-objects.bulk.add",
            {"datasetId": pcd["d1"], "annotationObjects": [{"classId": pcd["pedestrian"]}, {"classId": pcd["car"]}]},
            ALICE,
        )
    )
    ped, car = objects[0]["id"], objects[1]["id"]
    obj_tags = ok(
        live.call(
            "annotation-objects.tags.bulk.add",
            {
                "projectId": pcd["project"],
                "tags": [
                    {"name": "confidence", "value": 0.4, "key": "cd" * 16, "tagId": pcd["confidence"], "objectId": car}
                ],
            },
            ALICE,
        )
    )
    assert len({t["id"] for t in tag_ids + obj_tags}) == 2  # the SDK's KeyIdMap refuses repeated ids
    figures = ok(
        live.call(
            "figures.bulk.add",
            {
                "entityId": cloud,
                "figures": [
                    {
                        "key": "ef" * 16,
                        "objectKey": "01" * 16,
                        "objectId": ped,
                        "geometryType": "cuboid_3d",
                        "geometry": CUBOID,
                        "nnCreated": False,
                        "nnUpdated": False,
                    },
                    {
                        "key": "fe" * 16,
                        "objectKey": "02" * 16,
                        "objectId": car,
                        "geometryType": "cuboid_3d",
                        "geometry": CUBOID,
                    },
                ],
            },
            ALICE,
        )
    )
    assert len(figures) == 2 and all(isinstance(f["id"], int) for f in figures)
    after = annotation(live, pcd, cloud)
    assert [o["classTitle"] for o in after["objects"]] == ["car", "pedestrian", "car"]
    assert [t["name"] for t in after["tags"]] == ["night", "night"]
    assert [(t["name"], t["value"]) for t in after["objects"][2]["tags"]] == [("confidence", 0.4)]
    assert after["version"] > version
    assert ok(live.call("point-clouds.info", {"id": cloud}, ALICE))["labelsCount"] == 3


def test_append_refusals(live, world, pcd):
    cloud, other = pcd.clouds["scans1"][0], pcd.clouds["scans1"][1]
    before = annotation(live, pcd, cloud)
    box = {"datasetId": pcd["d1"], "annotationObjects": [{"classId": pcd["box"]}]}
    assert "rectangle" in refused(live.call("annotation-objects.bulk.add", box, ALICE))
    [obj] = ok(
        live.call(
            "annotation-objects.bulk.add",
            {"datasetId": pcd["d1"], "annotationObjects": [{"classId": pcd["car"]}]},
            ALICE,
        )
    )
    flat = copy.deepcopy(CUBOID)
    flat["dimensions"]["y"] = 0
    bad = {"entityId": cloud, "figures": [{"objectId": obj["id"], "geometryType": "cuboid_3d", "geometry": flat}]}
    refused(live.call("figures.bulk.add", bad, ALICE))
    good = {"entityId": cloud, "figures": [{"objectId": obj["id"], "geometryType": "cuboid_3d", "geometry": CUBOID}]}
    refused(live.call("figures.bulk.add", {**good, "entityId": pcd.clouds["scans2"][0]}, ALICE))  # other dataset
    assert annotation(live, pcd, cloud) == before
    ok(live.call("figures.bulk.add", good, ALICE))
    assert "is on point cloud" in refused(live.call("figures.bulk.add", {**good, "entityId": other}, ALICE))
    images_ds = {"datasetId": world["d1"], "annotationObjects": [{"classId": world["car"]}]}
    assert "not supported for images projects" in refused(live.call("annotation-objects.bulk.add", images_ds, ALICE))
    refused(
        live.call(
            "annotation-objects.bulk.add", {"datasetId": pcd["d1"], "annotationObjects": [{"classId": pcd["car"]}]}, BOB
        ),
        404,
    )

"""Point clouds in collections and labeling queues, and deleting them with
images.bulk.remove (one id space with images), over HTTP on both backends."""

from __future__ import annotations

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.pcd_world import build_pcd_world
from tests.server.queue_work_helpers import step
from tests.server.world import ALICE


@pytest.fixture
def pcd(live, world):
    return build_pcd_world(live, world)


def collection(live, project_id: int, name: str = "picked") -> int:
    return ok(live.call("entities-collections.add", {"projectId": project_id, "name": name, "type": "default"}, ALICE))[
        "id"
    ]


def test_collections_hold_point_clouds_of_their_project_only(live, world, pcd):
    cid = collection(live, pcd["project"])
    scans = pcd.clouds["scans1"]
    added = ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": scans[:2]}, ALICE))
    assert [i["entityId"] for i in added["items"]] == scans[:2] and added["missing"] == []
    foreign = [world.images["d1"][0], pcd.clouds["scans2"][0] + 10_000]
    refusal = ok(
        live.call(
            "entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [scans[2], *foreign]}, ALICE
        )
    )
    assert refusal["items"] == [] and [m["entityId"] for m in refusal["missing"]] == foreign
    in_collection = {
        "projectId": pcd["project"],
        "filters": [{"type": "entities_collection", "data": {"collectionId": cid, "include": True}}],
    }
    assert [e["id"] for e in ok(live.call("point-clouds.list", in_collection, ALICE))["entities"]] == scans[:2]
    removed = ok(
        live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [scans[0]]}, ALICE)
    )
    assert [i["entityId"] for i in removed["items"]] == [scans[0]]
    assert ok(live.call("entities-collections.info", {"id": cid}, ALICE))["itemsCount"] == 1
    # an image collection still refuses point clouds
    image_cid = collection(live, world["p1"], "images")
    missing = ok(
        live.call("entities-collections.items.bulk.add", {"collectionId": image_cid, "entityIds": [scans[0]]}, ALICE)
    )["missing"]
    assert missing == [{"entityId": scans[0]}]


def _queue(live, world, cid: int) -> int:
    body = {
        "name": "cuboids",
        "userIds": [world["alice"]],
        "reviewerIds": [world["alice"]],
        "meta": {
            "classes": [],
            "projectTags": [],
            "imageTags": [],
            "imageFiguresLimit": 0,
            "imageTagsLimit": 0,
            "dynamicClasses": True,
            "dynamicTags": True,
            "hideFigureAuthor": False,
        },
        "collectionId": cid,
        "queueMeta": {"reviewOwnAnnotationsAvailable": True},
    }
    return ok(live.call("labeling-queues.add", body, ALICE))["id"]


def test_a_queue_over_a_point_cloud_collection_follows_it_and_is_worked_to_accepted(live, world, pcd):
    scans = pcd.clouds["scans1"]
    cid = collection(live, pcd["project"])
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": scans[:2]}, ALICE))
    qid = _queue(live, world, cid)
    assert ok(live.call("labeling-queues.info", {"id": qid}, ALICE))["entitiesCount"] == 2
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [scans[2]]}, ALICE))
    assert ok(live.call("labeling-queues.info", {"id": qid}, ALICE))["entitiesCount"] == 3  # it follows
    ok(live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [scans[2]]}, ALICE))
    done = []
    for _ in range(2):
        taken = ok(step(live, "take-next", ALICE, qid))["entity"]
        cloud = taken["id"]
        version = ok(
            live.call("point-clouds.annotations.bulk.info", {"datasetId": pcd["d1"], "pointCloudIds": [cloud]}, ALICE)
        )[0]["version"]
        ann = {
            "objects": [{"key": "ab" * 16, "classTitle": "pedestrian"}],
            "figures": [
                {
                    "objectKey": "ab" * 16,
                    "geometryType": "cuboid_3d",
                    "geometry": {
                        "position": {"x": 1, "y": 2, "z": 0.9},
                        "rotation": {"x": 0, "y": 0, "z": 0},
                        "dimensions": {"x": 0.6, "y": 0.6, "z": 1.8},
                    },
                }
            ],
        }
        ok(
            live.call(
                "point-clouds.annotations.save",
                {"pointCloudId": cloud, "annotation": ann, "expectedVersion": version},
                ALICE,
            )
        )
        ok(step(live, "submit", ALICE, qid, cloud))
        assert ok(step(live, "review-next", ALICE, qid))["entity"]["id"] == cloud
        assert ok(step(live, "accept", ALICE, qid, cloud))["entity"]["status"] == "accepted"
        done.append(cloud)
    assert sorted(done) == scans[:2]
    info = ok(live.call("labeling-queues.info", {"id": qid}, ALICE))
    assert info["status"] == "completed" and info["acceptedCount"] == 2
    stats = ok(live.call("labeling-queues.stats.entities", {"id": qid, "entityStatus": ["accepted"]}, ALICE))
    assert sorted(e["id"] for e in stats["images"]) == scans[:2]
    assert all(e["labelsCount"] == 1 for e in stats["images"])


def test_deleting_a_point_cloud_removes_it_everywhere(live, world, pcd):
    scans = pcd.clouds["scans1"]
    cid = collection(live, pcd["project"])
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": scans}, ALICE))
    qid = _queue(live, world, cid)
    taken = ok(step(live, "take-next", ALICE, qid))["entity"]["id"]
    assert taken == scans[0]  # the annotated one, with an object, a figure and a tag
    ok(live.call("images.bulk.remove", {"imageIds": [scans[0], scans[1]]}, ALICE))
    refused(live.call("point-clouds.info", {"id": scans[0]}, ALICE), 404)
    refused(live.call("point-clouds.info", {"id": scans[1]}, ALICE), 404)
    assert [e["id"] for e in ok(live.call("point-clouds.list", {"datasetId": pcd["d1"]}, ALICE))["entities"]] == [
        scans[2]
    ]
    assert ok(live.call("entities-collections.info", {"id": cid}, ALICE))["itemsCount"] == 1
    info = ok(live.call("labeling-queues.info", {"id": qid}, ALICE))
    assert info["entitiesCount"] == 1 and info["inProgressCount"] == 0
    assert ok(step(live, "take-next", ALICE, qid))["entity"]["id"] == scans[2]

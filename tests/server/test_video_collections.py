"""Collections, labeling queues and deletion over videos: a video project's
collection holds its videos only, lists them as VideoInfo (what the SDK's
get_items and video.get_list(entities_collection_id=...) read), feeds a
queue that can be worked to accepted, and loses a video deleted with
images.bulk.remove (counts follow, videos.info says 404)."""

from __future__ import annotations

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.queue_work_helpers import counts, entity, step
from tests.server.video_world import build_video_world
from tests.server.world import ALICE


@pytest.fixture
def vw(live):
    return build_video_world(live)


def video_collection(live, vw, ids, name="clips"):
    cid = ok(live.call("entities-collections.add", {"projectId": vw["v"], "name": name, "type": "default"}, ALICE))[
        "id"
    ]
    if ids:
        answer = ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": ids}, ALICE))
        assert answer["missing"] == [] and [i["entityId"] for i in answer["items"]] == ids
    return cid


def sdk_collection_listing(live, vw, cid):
    """What api.entities_collection.get_items sends for a videos project (api.video.get_list)."""
    body = {
        "filter": [],
        "rawVideoMeta": False,
        "forceMetadataForLinks": False,
        "projectId": vw["v"],
        "filters": [{"type": "entities_collection", "data": {"collectionId": cid, "include": True}}],
        "sort": "id",
        "sort_order": "asc",
    }
    return ok(live.call("videos.list", body, ALICE))


def test_collection_of_videos(live, vw):
    chosen = [vw.videos["vd1"][2], vw.videos["vd2"][0]]
    cid = video_collection(live, vw, chosen)
    listed = sdk_collection_listing(live, vw, cid)
    assert [v["id"] for v in listed["entities"]] == sorted(chosen)
    assert {"framesCount", "fileMeta", "frameWidth"} <= set(listed["entities"][0])
    info = ok(live.call("entities-collections.info", {"id": cid}, ALICE))
    assert info["itemsCount"] == 2
    # an image (another project, another type) or an unknown id is never added; nothing else is either
    image = vw.images["d1"][0]
    r = ok(
        live.call(
            "entities-collections.items.bulk.add",
            {"collectionId": cid, "entityIds": [vw.videos["vd1"][0], image, 999_999]},
            ALICE,
        )
    )
    assert r == {"items": [], "missing": [{"entityId": image}, {"entityId": 999_999}]}
    assert [v["id"] for v in sdk_collection_listing(live, vw, cid)["entities"]] == sorted(chosen)
    # the app's filters combine with the collection
    named = ok(
        live.call(
            "videos.list",
            {
                "projectId": vw["v"],
                "filters": [
                    {"type": "entities_collection", "data": {"collectionId": cid, "include": True}},
                    {"type": "images_filename", "data": {"value": "d.mp4"}},
                ],
            },
            ALICE,
        )
    )
    assert [v["id"] for v in named["entities"]] == [vw.videos["vd2"][0]]
    removed = ok(
        live.call("entities-collections.items.bulk.remove", {"collectionId": cid, "entityIds": [chosen[0]]}, ALICE)
    )
    assert removed["items"][0]["entityId"] == chosen[0]
    assert [v["id"] for v in sdk_collection_listing(live, vw, cid)["entities"]] == [chosen[1]]
    # an image project's collection cannot take videos either
    image_cid = ok(live.call("entities-collections.add", {"projectId": vw["p1"], "name": "imgs"}, ALICE))["id"]
    r = ok(live.call("entities-collections.items.bulk.add", {"collectionId": image_cid, "entityIds": chosen}, ALICE))
    assert r["items"] == [] and len(r["missing"]) == 2


def queue_body(cid, labeler):
    return {
        "name": "video queue",
        "userIds": [labeler],
        "reviewerIds": [labeler],
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


def test_a_video_queue_follows_its_collection_and_is_worked_to_accepted(live, vw):
    first, second, later = vw.videos["vd1"][0], vw.videos["vd1"][1], vw.videos["vd2"][0]
    cid = video_collection(live, vw, [first, second])
    qid = ok(live.call("labeling-queues.add", queue_body(cid, vw["alice"]), ALICE))["id"]
    queue = ok(live.call("labeling-queues.info", {"id": qid}, ALICE))
    assert (queue["projectId"], queue["collectionId"], queue["entitiesCount"]) == (vw["v"], cid, 2)
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [later]}, ALICE))
    assert counts(live, qid)[0] == 3  # the queue follows its collection
    stats = ok(
        live.call(
            "labeling-queues.stats.entities",
            {"id": qid, "page": 1, "per_page": 10, "sort": "name", "sort_order": "asc"},
            ALICE,
        )
    )
    assert [i["id"] for i in stats["images"]] == [first, second, later] and stats["total"] == 3

    taken = entity(step(live, "take-next", ALICE, qid))
    assert taken["id"] == first and taken["status"] == "annotating"
    # the labeler annotates the video, then submits it; the reviewer accepts it
    ann = {
        "objects": [{"key": "0" * 32, "classTitle": "car", "tags": []}],
        "frames": [
            {
                "index": 0,
                "figures": [
                    {
                        "objectKey": "0" * 32,
                        "geometryType": "rectangle",
                        "geometry": {"points": {"exterior": [[1, 1], [20, 20]], "interior": []}},
                    }
                ],
            }
        ],
    }
    ok(live.call("videos.annotations.save", {"videoId": first, "annotation": ann}, ALICE))
    assert entity(step(live, "submit", ALICE, qid, first))["status"] == "on_review"
    assert entity(step(live, "review-next", ALICE, qid))["id"] == first
    assert entity(step(live, "accept", ALICE, qid, first))["status"] == "accepted"
    accepted = ok(
        live.call(
            "labeling-queues.stats.entities",
            {"id": qid, "page": 1, "per_page": 10, "sort": "name", "sort_order": "asc", "entityStatus": ["accepted"]},
            ALICE,
        )
    )
    assert [i["id"] for i in accepted["images"]] == [first]
    assert counts(live, qid) == (3, 2, 0, 0, 1)


def project_counts(live, vw):
    p = ok(live.call("projects.info", {"id": vw["v"]}, ALICE))
    d = ok(live.call("datasets.info", {"id": vw["vd1"]}, ALICE))
    return p["itemsCount"], p["imagesCount"], d["itemsCount"]


def test_deleting_a_video_removes_it_everywhere(live, vw):
    gone, kept = vw.videos["vd1"][0], vw.videos["vd1"][1]
    ann = {
        "objects": [{"key": "1" * 32, "classTitle": "car", "tags": []}],
        "frames": [
            {
                "index": 2,
                "figures": [
                    {
                        "objectKey": "1" * 32,
                        "geometryType": "rectangle",
                        "geometry": {"points": {"exterior": [[1, 1], [20, 20]], "interior": []}},
                    }
                ],
            }
        ],
    }
    ok(live.call("videos.annotations.save", {"videoId": gone, "annotation": ann}, ALICE))
    cid = video_collection(live, vw, [gone, kept])
    qid = ok(live.call("labeling-queues.add", queue_body(cid, vw["alice"]), ALICE))["id"]
    assert entity(step(live, "take-next", ALICE, qid))["id"] == gone
    assert project_counts(live, vw) == (4, 4, 3)

    ok(live.call("images.bulk.remove", {"imageIds": [gone]}, ALICE))  # what api.video.remove_batch sends

    refused(live.call("videos.info", {"id": gone}, ALICE), 404)
    assert [v["id"] for v in sdk_collection_listing(live, vw, cid)["entities"]] == [kept]
    assert ok(live.call("entities-collections.info", {"id": cid}, ALICE))["itemsCount"] == 1
    assert counts(live, qid) == (1, 1, 0, 0, 0)
    assert project_counts(live, vw) == (3, 3, 2)
    assert [v["id"] for v in ok(live.call("videos.list", {"datasetId": vw["vd1"]}, ALICE))["entities"]] == vw.videos[
        "vd1"
    ][1:]
    assert live.http.get(live.sign(f"/storage/videos/{gone}.mp4")).status_code == 404
    refused(live.call("videos.annotations.bulk.info", {"datasetId": vw["vd1"], "videoIds": [gone]}, ALICE))
    ok(live.call("images.bulk.remove", {"imageIds": [gone]}, ALICE))  # again: nothing left to delete, still fine

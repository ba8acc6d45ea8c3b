"""Evaluation of videos, frame by frame (docs/evaluation-api.md): a frame's
predictions are matched to that frame's ground truth, the confidence is the
object's tag, and a video's counts are the sums over its frames. Kept current
on the whole-annotation save, the SDK's piecewise figure adds and object tag
adds; videos.list filters, sorts and answers them; the video demo has them."""

from __future__ import annotations

import uuid

from desktop_app.server.demo import build_demo
from desktop_app.server.demo.videos import build_video_demo
from tests.server.http_helpers import ok

TRUTH, PRED = uuid.uuid4().hex, uuid.uuid4().hex


def box(left, top, right, bottom):
    return {"points": {"exterior": [[left, top], [right, bottom]], "interior": []}}


def demo_videos(live):
    with live.sessions()() as s, s.begin():
        token = build_demo(s, size=4).token
        project_id = build_video_demo(s).project_id
    return token, project_id


def videos(live, token, project_id, **body):
    answer = ok(live.call("videos.list", {"projectId": project_id, "extraFields": ["evaluation"], **body}, token))
    return answer["entities"]


def test_a_video_is_matched_frame_by_frame_and_kept_current(live):
    token, project_id = demo_videos(live)
    first = videos(live, token, project_id)[0]
    width, height = first["frameWidth"], first["frameHeight"]
    # a car on frames 0-2; its prediction on frame 0 (same box: a true positive) and on frame 1
    # elsewhere (a false positive, and the car on 1 is missed); nothing predicted on frame 2 (missed)
    car, elsewhere = box(10, 10, 60, 50), box(width - 60, height - 50, width - 10, height - 10)
    annotation = {
        "size": {"width": width, "height": height},
        "framesCount": first["framesCount"],
        "tags": [],
        "objects": [
            {"key": TRUTH, "classTitle": "car", "tags": []},
            {"key": PRED, "classTitle": "car_pred", "tags": [{"name": "confidence", "value": 0.8}]},
        ],
        "frames": [
            {"index": 0, "figures": [{"objectKey": TRUTH, "geometryType": "rectangle", "geometry": car}]},
            {"index": 0, "figures": [{"objectKey": PRED, "geometryType": "rectangle", "geometry": car}]},
            {"index": 1, "figures": [{"objectKey": TRUTH, "geometryType": "rectangle", "geometry": car}]},
            {"index": 1, "figures": [{"objectKey": PRED, "geometryType": "rectangle", "geometry": elsewhere}]},
            {"index": 2, "figures": [{"objectKey": TRUTH, "geometryType": "rectangle", "geometry": car}]},
        ],
    }
    ok(live.call("videos.annotations.save", {"videoId": first["id"], "annotation": annotation}, token))

    mine = next(v for v in videos(live, token, project_id) if v["id"] == first["id"])
    assert mine["evaluation"] == {"tp": 1, "fp": 1, "fn": 2}
    fps = ok(live.call("evaluation.objects.list", {"projectId": project_id, "kind": "fp"}, token))["entities"]
    ours = [o for o in fps if o["imageId"] == first["id"]]
    assert [(o["classTitle"], o["confidence"], o["frame"]) for o in ours] == [("car_pred", 0.8, 1)]

    # the SDK's piecewise append: a prediction of the car on frame 2 makes it a true positive there
    pred_object = next(
        o["id"]
        for o in ok(
            live.call(
                "videos.annotations.bulk.info", {"datasetId": first["datasetId"], "videoIds": [first["id"]]}, token
            )
        )[0]["objects"]
        if o["key"] == PRED
    )
    figure = {"objectId": pred_object, "geometryType": "rectangle", "geometry": car, "meta": {"frame": 2}}
    ok(live.call("figures.bulk.add", {"entityId": first["id"], "figures": [figure]}, token))
    mine = next(v for v in videos(live, token, project_id) if v["id"] == first["id"])
    assert mine["evaluation"] == {"tp": 2, "fp": 1, "fn": 1}

    # filter and sort on videos.list, as on images.list
    flt = [{"type": "evaluation", "data": {"kind": "fp", "from": 1}}]
    listed = videos(live, token, project_id, filters=flt, sort="fpCount", sort_order="desc")
    assert first["id"] in [v["id"] for v in listed]
    assert all(v["evaluation"]["fp"] >= 1 for v in listed)
    assert [v["evaluation"]["fp"] for v in listed] == sorted((v["evaluation"]["fp"] for v in listed), reverse=True)


def test_the_video_demo_has_counts_out_of_the_box(live):
    token, project_id = demo_videos(live)
    counted = videos(live, token, project_id, per_page=500)
    assert sum(v["evaluation"]["tp"] for v in counted) > 0  # predictions that follow their objects
    assert sum(v["evaluation"]["fp"] for v in counted) > 0  # the demo's false positives


def test_an_object_tag_add_rematches_the_video(live):
    """The SDK adds a prediction's confidence as an object tag after its figures: which
    prediction takes the car depends on it, so the add re-matches the video."""
    token, project_id = demo_videos(live)
    first = videos(live, token, project_id)[0]
    exact, near = uuid.uuid4().hex, uuid.uuid4().hex
    annotation = {
        "size": {"width": first["frameWidth"], "height": first["frameHeight"]},
        "framesCount": first["framesCount"],
        "tags": [],
        "objects": [
            {"key": TRUTH, "classTitle": "car", "tags": []},
            {"key": exact, "classTitle": "car_pred", "tags": []},  # no confidence yet: counts as 1.0
            {"key": near, "classTitle": "car_pred", "tags": [{"name": "confidence", "value": 0.9}]},
        ],
        "frames": [
            {
                "index": 0,
                "figures": [{"objectKey": TRUTH, "geometryType": "rectangle", "geometry": box(10, 10, 60, 50)}],
            },
            {
                "index": 0,
                "figures": [{"objectKey": exact, "geometryType": "rectangle", "geometry": box(10, 10, 60, 50)}],
            },
            {
                "index": 0,
                "figures": [{"objectKey": near, "geometryType": "rectangle", "geometry": box(14, 10, 60, 50)}],
            },
        ],
    }
    ok(live.call("videos.annotations.save", {"videoId": first["id"], "annotation": annotation}, token))
    info = ok(
        live.call("videos.annotations.bulk.info", {"datasetId": first["datasetId"], "videoIds": [first["id"]]}, token)
    )[0]
    object_of = {o["key"]: o["id"] for o in info["objects"]}
    figure_of = {f["objectId"]: f["id"] for frame in info["frames"] for f in frame["figures"]}

    def false_positive() -> int:
        fps = ok(live.call("evaluation.objects.list", {"projectId": project_id, "kind": "fp"}, token))["entities"]
        (ours,) = [o["figureId"] for o in fps if o["imageId"] == first["id"]]
        return ours

    assert false_positive() == figure_of[object_of[near]]  # the exact box came first and took the car
    meta = ok(live.call("projects.meta", {"id": project_id}, token))
    confidence = next(t["id"] for t in meta["tags"] if t["name"] == "confidence")
    tag = {"tagId": confidence, "value": 0.3, "objectId": object_of[exact]}
    ok(live.call("annotation-objects.tags.bulk.add", {"projectId": project_id, "tags": [tag]}, token))
    assert false_positive() == figure_of[object_of[exact]]  # now the 0.9 one comes first and takes it

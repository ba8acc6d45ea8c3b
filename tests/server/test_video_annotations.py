"""Video annotations over HTTP: videos.annotations.save (this server's whole-
annotation save) and videos.annotations.bulk.info round-trip; bad saves are
refused and change nothing; a stale save is a 409; the SDK's piecewise append
(videos.tags.bulk.add, annotation-objects.*, figures.bulk.add) adds to what
is stored."""

from __future__ import annotations

import copy
import uuid

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.video_world import build_video_world
from tests.server.world import ALICE, BOB

CAR, PERSON = uuid.uuid4().hex, uuid.uuid4().hex


@pytest.fixture
def vw(live):
    return build_video_world(live)


def box(left, top, right, bottom):
    return {"points": {"exterior": [[left, top], [right, bottom]], "interior": []}}


def annotation():
    """For clip a.mp4 (160x120, 20 frames): a car on frames 0-2 and a person on frame 1."""
    return {
        "description": "two things",
        "size": {"height": 120, "width": 160},
        "framesCount": 20,
        "tags": [{"name": "weather", "value": "rain"}, {"name": "busy", "value": None, "frameRange": [3, 9]}],
        "objects": [
            {"key": CAR, "classTitle": "car", "tags": [{"name": "confidence", "value": 0.75}]},
            {"key": PERSON, "classTitle": "person", "tags": []},
        ],
        "frames": [
            {
                "index": i,
                "figures": [
                    {"objectKey": CAR, "geometryType": "rectangle", "geometry": box(10 + 4 * i, 20, 39 + 4 * i, 39)}
                ],
            }
            for i in range(3)
        ]
        + [
            {
                "index": 1,
                "figures": [{"objectKey": PERSON, "geometryType": "rectangle", "geometry": box(100, 50, 119, 119)}],
            }
        ],
    }


def save(live, video_id, ann, token=ALICE, **extra):
    return live.call("videos.annotations.save", {"videoId": video_id, "annotation": ann, **extra}, token)


def download(live, vw, video_id, dataset="vd1"):
    return ok(live.call("videos.annotations.bulk.info", {"datasetId": vw[dataset], "videoIds": [video_id]}, ALICE))[0]


def essence(ann):
    """What a save must keep: tags, objects (by key) and figures per frame, without ids and times."""
    tags = sorted((t["name"], repr(t.get("value")), tuple(t.get("frameRange") or ())) for t in ann["tags"])
    objects = sorted(
        (o["key"], o["classTitle"], tuple((t["name"], t["value"]) for t in o["tags"])) for o in ann["objects"]
    )
    figures = sorted(
        (f["index"], fig["objectKey"], fig["geometryType"], repr(fig["geometry"]["points"]))
        for f in ann["frames"]
        for fig in f["figures"]
    )
    return ann["size"], ann["framesCount"], ann.get("description"), tags, objects, figures


def test_save_then_download_round_trip(live, vw):
    vid = vw.videos["vd1"][0]
    before = download(live, vw, vid)
    assert (before["objects"], before["frames"], before["tags"]) == ([], [], [])
    saved = ok(save(live, vid, annotation(), expectedVersion=before["version"]))
    assert saved["videoId"] == vid and saved["version"] == before["version"] + 1
    after = download(live, vw, vid)
    assert essence(after) == essence(annotation())
    assert (after["videoId"], after["videoName"], after["version"]) == (vid, "a.mp4", saved["version"])
    assert [f["index"] for f in after["frames"]] == [0, 1, 2]
    assert all(
        fig["objectId"] and fig["key"] and fig["labelerLogin"] == "alice"
        for f in after["frames"]
        for fig in f["figures"]
    )
    # counts and the class filter follow: two objects, one car
    info = ok(live.call("videos.info", {"id": vid}, ALICE))
    assert info["labelsCount"] == 2 and {t["name"] for t in info["tags"]} == {"weather", "busy"}
    assert [t["frameRange"] for t in info["tags"] if t["name"] == "busy"] == [[3, 9]]
    with_car = ok(
        live.call(
            "videos.list",
            {
                "projectId": vw["v"],
                "filters": [{"type": "objects_class", "data": {"classId": vw["vcar"], "from": 1, "to": 99}}],
            },
            ALICE,
        )
    )
    assert [v["id"] for v in with_car["entities"]] == [vid]
    # saving what was downloaded (ids, times and all) changes nothing but the version
    ok(save(live, vid, after))
    again = download(live, vw, vid)
    assert essence(again) == essence(after) and again["version"] == after["version"] + 1
    # an empty annotation clears everything
    ok(save(live, vid, {"objects": [], "frames": [], "tags": []}))
    cleared = download(live, vw, vid)
    assert (cleared["objects"], cleared["frames"], cleared["tags"]) == ([], [], [])
    assert ok(live.call("videos.info", {"id": vid}, ALICE))["labelsCount"] == 0


def broken(change):
    ann = annotation()
    change(ann)
    return ann


BAD_SAVES = {
    "unknown class": (lambda a: a["objects"][0].update(classTitle="truck"), "class 'truck' is not in the project meta"),
    "unknown tag": (lambda a: a["tags"].append({"name": "nope"}), "tag 'nope' is not in the project meta"),
    "bad tag value": (lambda a: a["tags"][0].update(value="snow"), "is not one of the values"),
    "object tag on the video": (
        lambda a: a["tags"].append({"name": "confidence", "value": 1}),
        "cannot be put on images",
    ),
    "frame past the end": (lambda a: a["frames"][0].update(index=20), "frame 20 is outside the video's frames 0..19"),
    "negative frame": (lambda a: a["frames"][0].update(index=-1), "frame -1 is outside"),
    "box outside the frame": (
        lambda a: a["frames"][0]["figures"][0].update(geometry=box(150, 20, 170, 40)),
        "outside the frame (160x120)",
    ),
    "upside-down box": (lambda a: a["frames"][0]["figures"][0].update(geometry=box(50, 20, 40, 40)), "left <= right"),
    "tag range past the end": (lambda a: a["tags"][1].update(frameRange=[3, 25]), "frame 25 is outside"),
    "tag range reversed": (lambda a: a["tags"][1].update(frameRange=[9, 3]), "ends before it starts"),
    "unknown object": (
        lambda a: a["frames"][0]["figures"][0].update(objectKey=uuid.uuid4().hex),
        "is not among the annotation's objects",
    ),
    "two figures on a frame": (
        lambda a: a["frames"][1]["figures"].append(copy.deepcopy(a["frames"][0]["figures"][0])),
        "two figures on frame 1",
    ),
    "wrong size": (lambda a: a.update(size={"height": 240, "width": 320}), "does not match the video's 120x160"),
    "wrong frame count": (lambda a: a.update(framesCount=21), "framesCount 21"),
    "bad key": (lambda a: a["objects"][0].update(key="not-a-uuid"), "must be a UUID"),
    "unsupported geometry": (lambda a: a["frames"][0]["figures"][0].update(geometryType="cuboid"), "not supported"),
}


@pytest.mark.parametrize("case", sorted(BAD_SAVES))
def test_bad_saves_are_refused_and_change_nothing(live, vw, case):
    vid = vw.videos["vd1"][0]
    ok(save(live, vid, annotation()))
    before = download(live, vw, vid)
    change, expected = BAD_SAVES[case]
    assert expected in refused(save(live, vid, broken(change)))
    assert download(live, vw, vid) == before


def test_save_refusals_beyond_the_annotation(live, vw):
    vid = vw.videos["vd1"][0]
    refused(save(live, vw.images["d1"][0], annotation()), 404)  # an image is not a video
    refused(save(live, vid, annotation(), token=BOB), 404)
    refused(save(live, vid, {"frames": [{"index": "x"}]}))
    opened = download(live, vw, vid)["version"]
    ok(save(live, vid, annotation()))  # someone else saves meanwhile
    r = save(live, vid, {"objects": []}, expectedVersion=opened)
    assert r.status_code == 409 and r.json()["details"]["type"] == "CONFLICT", r.text
    assert essence(download(live, vw, vid)) == essence(annotation())


def test_bulk_info_refusals(live, vw):
    refused(live.call("videos.annotations.bulk.info", {"datasetId": vw["d1"], "videoIds": vw.images["d1"][:1]}, ALICE))
    message = refused(
        live.call("videos.annotations.bulk.info", {"datasetId": vw["vd1"], "videoIds": vw.videos["vd2"]}, ALICE)
    )
    assert "not in dataset" in message
    refused(live.call("videos.annotations.bulk.info", {"datasetId": vw["vd1"], "videoIds": vw.videos["vd1"]}, BOB), 404)


def test_sdk_piecewise_append(live, vw):
    """The requests api.video.annotation.append sends, in its order."""
    vid, other = vw.videos["vd1"][0], vw.videos["vd1"][1]
    tag_ids = ok(
        live.call(
            "videos.tags.bulk.add",
            {
                "videoId": vid,
                "tags": [{"tagId": vw["busy"], "name": "busy", "frameRange": [0, 4], "key": uuid.uuid4().hex}],
            },
            ALICE,
        )
    )
    assert len(tag_ids) == 1 and tag_ids[0]["id"]
    objects = ok(
        live.call(
            "annotation-objects.bulk.add",
            {"datasetId": vw["vd1"], "annotationObjects": [{"classId": vw["vcar"], "entityId": vid}]},
            ALICE,
        )
    )
    (object_id,) = [o["id"] for o in objects]
    ok(
        live.call(
            "annotation-objects.tags.bulk.add",
            {"projectId": vw["v"], "tags": [{"tagId": vw["vconf"], "value": 0.5, "objectId": object_id}]},
            ALICE,
        )
    )
    figures = [
        {
            "objectId": object_id,
            "objectKey": uuid.uuid4().hex,
            "geometryType": "rectangle",
            "geometry": box(10, 20, 40, 40),
            "meta": {"frame": f},
            "nnCreated": False,
        }
        for f in (0, 5)
    ]
    ids = ok(live.call("figures.bulk.add", {"entityId": vid, "figures": figures}, ALICE))
    assert len(ids) == 2
    ann = download(live, vw, vid)
    assert [(t["name"], t["frameRange"]) for t in ann["tags"]] == [("busy", [0, 4])]
    (obj,) = ann["objects"]
    assert (
        obj["id"] == object_id
        and obj["classTitle"] == "car"
        and [(t["name"], t["value"]) for t in obj["tags"]] == [("confidence", 0.5)]
    )
    assert [(f["index"], f["figures"][0]["objectKey"]) for f in ann["frames"]] == [(0, obj["key"]), (5, obj["key"])]
    assert ok(live.call("videos.info", {"id": vid}, ALICE))["labelsCount"] == 1
    # refusals: a frame past the end, the same frame twice, an object of another video, a video of another dataset
    before = download(live, vw, vid)
    late = {**figures[0], "meta": {"frame": 20}}
    assert "outside the video's frames" in refused(
        live.call("figures.bulk.add", {"entityId": vid, "figures": [late]}, ALICE)
    )
    assert "already has a figure on frame 0" in refused(
        live.call("figures.bulk.add", {"entityId": vid, "figures": [figures[0]]}, ALICE)
    )
    refused(
        live.call("figures.bulk.add", {"entityId": other, "figures": [{**figures[0], "meta": {"frame": 1}}]}, ALICE)
    )
    no_frame = {k: v for k, v in figures[0].items() if k != "meta"}
    refused(live.call("figures.bulk.add", {"entityId": vid, "figures": [no_frame]}, ALICE))
    refused(
        live.call(
            "annotation-objects.bulk.add",
            {"datasetId": vw["vd2"], "annotationObjects": [{"classId": vw["vcar"], "entityId": vid}]},
            ALICE,
        )
    )
    refused(
        live.call(
            "videos.tags.bulk.add", {"videoId": vid, "tags": [{"tagId": vw["busy"], "frameRange": [0, 99]}]}, ALICE
        )
    )
    assert download(live, vw, vid) == before

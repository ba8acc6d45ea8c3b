"""The Supervisely video and point-cloud writers on a tiny hand-made annotation:
the exact files, in the SDK's JSON (ids, times and logins left out, keys kept,
coordinates as they are)."""

from __future__ import annotations

import json

import pytest

from desktop_app.shared.export_formats import ExportItem, fits, writer_for
from tests.domain.test_export_writers import META, files

CAR, TAG, FIG = "c" * 32, "t" * 32, "f" * 32
CLIP = ExportItem(7, "clip.mp4", "day", 160, 120, link="http://s/7.mp4")
RAW = ExportItem(8, "raw", "night", 32, 24, link="http://s/8.mp4")  # a name without a video suffix
BOX = {"exterior": [[10, 20], [29, 49]], "interior": []}  # the video form: pixels, right/bottom inclusive
VIDEO_ANN = {
    "videoId": 7,
    "version": 3,
    "key": "v" * 32,
    "description": "",
    "size": {"height": 120, "width": 160},
    "framesCount": 10,
    "tags": [
        {"id": 1, "tagId": 6, "name": "weather", "value": "sun", "frameRange": [2, 5], "key": TAG, "labelerLogin": "x"},
        {"id": 2, "tagId": 7, "name": "busy", "value": None, "frameRange": None, "key": "u" * 32},
    ],
    "objects": [
        {
            "id": 11,
            "key": CAR,
            "classId": 1,
            "classTitle": "car",
            "tags": [{"id": 4, "tagId": 5, "name": "confidence", "value": 0.5, "key": "k" * 32}],
            "createdAt": "2026-01-01T00:00:00Z",
        }
    ],
    "frames": [
        {"index": 0, "figures": [{"id": 21, "key": FIG, "objectId": 11, "objectKey": CAR, "classId": 1,
                                  "geometryType": "rectangle", "geometry": {"points": BOX}}]},
        {"index": 3, "figures": [{"id": 22, "objectId": 11, "geometryType": "rectangle",
                                  "geometry": {"points": BOX}}]},  # no keys: the object's is found by id
    ],
}  # fmt: skip
CUBOID = {
    "position": {"x": 1.5, "y": -2, "z": 0.25},
    "rotation": {"x": 0, "y": 0, "z": 0.5},
    "dimensions": {"x": 4, "y": 2, "z": 1.5},
}
CLOUD = ExportItem(9, "scan.pcd", "lidar", 0, 0, link="/data/scan.pcd")
CLOUD_ANN = {
    "pointCloudId": 9,
    "key": "a" * 32,
    "description": "",
    "tags": [{"id": 3, "tagId": 7, "name": "reviewed", "value": None, "key": TAG}],
    "objects": [{"id": 11, "key": CAR, "classTitle": "car", "tags": []}],
    "figures": [{"id": 21, "key": FIG, "objectId": 11, "objectKey": CAR, "geometryType": "cuboid_3d",
                 "geometry": CUBOID, "labelerLogin": "x"}],
    "version": 2,
}  # fmt: skip


def test_video_files_in_the_sdk_form(tmp_path):
    writer = writer_for("supervisely", tmp_path, META, project_type="videos")
    writer.add(CLIP, VIDEO_ANN, b"clip-bytes")
    writer.add(RAW, {"size": {"height": 24, "width": 32}, "framesCount": 4}, b"raw-bytes")
    summary = writer.finish()
    assert summary.text() == "2 items, 1 object, 2 video files"
    assert files(tmp_path) == [
        "day/ann/clip.mp4.json",
        "day/video/clip.mp4",
        "key_id_map.json",
        "meta.json",
        "night/ann/raw.mp4.json",
        "night/video/raw.mp4",  # a suffix the importer picks videos by
    ]
    assert (tmp_path / "day" / "video" / "clip.mp4").read_bytes() == b"clip-bytes"
    assert json.loads((tmp_path / "meta.json").read_text())["projectType"] == "videos"
    assert json.loads((tmp_path / "day" / "ann" / "clip.mp4.json").read_text()) == {
        "size": {"height": 120, "width": 160},
        "description": "",
        "key": "v" * 32,
        "tags": [
            {"name": "weather", "value": "sun", "frameRange": [2, 5], "key": TAG},
            {"name": "busy", "key": "u" * 32},  # no value, no frameRange: the whole video
        ],
        "objects": [{"key": CAR, "classTitle": "car", "tags": [{"name": "confidence", "value": 0.5, "key": "k" * 32}]}],
        "frames": [
            {"index": 0, "figures": [{"key": FIG, "objectKey": CAR, "geometryType": "rectangle",
                                      "geometry": {"points": BOX}}]},
            {"index": 3, "figures": [{"objectKey": CAR, "geometryType": "rectangle", "geometry": {"points": BOX}}]},
        ],
        "framesCount": 10,
    }  # fmt: skip
    assert json.loads((tmp_path / "night" / "ann" / "raw.mp4.json").read_text()) == {
        "size": {"height": 24, "width": 32},
        "description": "",
        "tags": [],
        "objects": [],
        "frames": [],
        "framesCount": 4,
    }
    assert json.loads((tmp_path / "key_id_map.json").read_text()) == {
        "tags": {TAG: 1, "u" * 32: 2, "k" * 32: 4},
        "objects": {CAR: 11},
        "figures": {FIG: 21},
        "videos": {"v" * 32: 7},
    }


def test_point_cloud_files_in_the_sdk_form(tmp_path):
    writer = writer_for("supervisely", tmp_path, META, project_type="point_clouds")
    writer.add(CLOUD, CLOUD_ANN, b"pcd-bytes")
    assert writer.finish().text() == "1 item, 1 object, 1 point cloud file"
    assert files(tmp_path) == ["key_id_map.json", "lidar/ann/scan.pcd.json", "lidar/pointcloud/scan.pcd", "meta.json"]
    assert json.loads((tmp_path / "meta.json").read_text())["projectType"] == "point_clouds"
    assert json.loads((tmp_path / "lidar" / "ann" / "scan.pcd.json").read_text()) == {
        "description": "",
        "key": "a" * 32,
        "tags": [{"name": "reviewed", "key": TAG}],
        "objects": [{"key": CAR, "classTitle": "car", "tags": []}],
        "figures": [{"key": FIG, "objectKey": CAR, "geometryType": "cuboid_3d", "geometry": CUBOID}],
    }


def test_linked_videos_are_listed_not_copied(tmp_path):
    writer = writer_for("supervisely", tmp_path, META, link_images=True, project_type="videos")
    writer.add(CLIP, VIDEO_ANN, None)
    assert (writer.finish().linked, files(tmp_path)) == (
        1,
        ["day/ann/clip.mp4.json", "key_id_map.json", "links.csv", "meta.json"],
    )
    assert (tmp_path / "links.csv").read_text().splitlines()[1] == "7,day,clip.mp4,http://s/7.mp4"


def test_coco_and_yolo_have_no_video_form(tmp_path):
    assert fits("supervisely", "videos") and fits("ids-csv", "point_clouds") and fits("coco", "images")
    assert not fits("coco", "videos") and not fits("yolo", "point_clouds")
    with pytest.raises(ValueError, match="no form for videos"):
        writer_for("coco", tmp_path, META, project_type="videos")

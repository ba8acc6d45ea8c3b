"""The export writers on a small hand-made input: the exact files each format writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.shared.export_formats import ExportFailed, ExportItem, writer_for
from desktop_app.shared.export_formats.folder import StagedFolder

META = {
    "classes": [
        {"id": 1, "title": "car", "shape": "rectangle", "color": "#FF0000"},
        {"id": 2, "title": "lane", "shape": "polygon", "color": "#00FF00"},
    ],
    "tags": [
        {
            "id": 5,
            "name": "confidence",
            "value_type": "any_number",
            "color": "#0000FF",
            "applicable_type": "objectsOnly",
        },
        {"id": 6, "name": "weather", "value_type": "oneof_string", "values": ["sun", "rain"], "color": "#000000"},
    ],
}
A = ExportItem(7, "a.jpg", "day", 100, 50, link="http://s/a.jpg")
B = ExportItem(9, "b.png", "night", 20, 10, link="http://s/b.png")
ANN_A = {
    "description": "",
    "size": {"height": 50, "width": 100},
    "tags": [{"id": 1, "tagId": 6, "name": "weather", "value": "sun", "labelerLogin": "x"}],
    "objects": [
        {
            "id": 3,
            "classTitle": "car",
            "geometryType": "rectangle",
            "description": "",
            "tags": [{"tagId": 5, "name": "confidence", "value": 0.5}],
            "points": {"exterior": [[10, 20], [30, 50]], "interior": []},
        },
        {
            "id": 4,
            "classTitle": "lane",
            "geometryType": "polygon",
            "description": "",
            "tags": [],
            "points": {"exterior": [[0, 0], [10, 0], [10, 10]], "interior": []},
        },
        {
            "id": 5,
            "classTitle": "car",
            "geometryType": "point",
            "tags": [],
            "points": {"exterior": [[1, 1]], "interior": []},
        },
    ],
}
ANN_B = {"description": "", "size": {"height": 10, "width": 20}, "tags": [], "objects": []}


def write(fmt: str, root: Path, *, link: bool = False):
    writer = writer_for(fmt, root, META, link_images=link)
    writer.add(A, ANN_A, None if link else b"A-bytes")
    writer.add(B, ANN_B, None if link else b"B-bytes")
    return writer.finish()


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_ids_csv_and_json(tmp_path):
    (tmp_path / "csv").mkdir()
    (tmp_path / "json").mkdir()
    assert write("ids-csv", tmp_path / "csv").items == 2
    assert (tmp_path / "csv" / "items.csv").read_bytes() == b"id,name,dataset\n7,a.jpg,day\n9,b.png,night\n"
    write("ids-json", tmp_path / "json")
    assert json.loads((tmp_path / "json" / "items.json").read_text()) == {
        "items": [{"id": 7, "name": "a.jpg", "dataset": "day"}, {"id": 9, "name": "b.png", "dataset": "night"}]
    }
    assert files(tmp_path / "csv") == ["items.csv"]


def test_supervisely_writes_pixel_coordinates(tmp_path):
    summary = write("supervisely", tmp_path)
    assert (summary.items, summary.objects, summary.images) == (2, 3, 2)
    assert files(tmp_path) == [
        "day/ann/a.jpg.json",
        "day/img/a.jpg",
        "meta.json",
        "night/ann/b.png.json",
        "night/img/b.png",
    ]
    assert (tmp_path / "day" / "img" / "a.jpg").read_bytes() == b"A-bytes"
    meta = json.loads((tmp_path / "meta.json").read_text())
    assert meta["classes"][1] == {"title": "lane", "shape": "polygon", "color": "#00FF00"}
    assert meta["tags"][1] == {
        "name": "weather",
        "value_type": "oneof_string",
        "color": "#000000",
        "applicable_type": "all",
        "values": ["sun", "rain"],
    }
    ann = json.loads((tmp_path / "day" / "ann" / "a.jpg.json").read_text())
    assert ann["size"] == {"height": 50, "width": 100} and ann["tags"] == [{"name": "weather", "value": "sun"}]
    assert [o["points"]["exterior"] for o in ann["objects"]] == [
        [[10, 20], [29, 49]],  # rectangle: right and bottom inclusive on disk
        [[-0.5, -0.5], [9.5, -0.5], [9.5, 9.5]],  # other shapes: pixel centres
        [[0.5, 0.5]],
    ]
    assert ann["objects"][0]["tags"] == [{"name": "confidence", "value": 0.5}]


def test_coco_boxes_polygons_and_skipped(tmp_path):
    summary = write("coco", tmp_path)
    assert summary.objects == 2 and dict(summary.skipped) == {"point": 1}
    assert "skipped, not expressible in this format: 1 point" in summary.text()
    assert files(tmp_path) == ["annotations/instances.json", "images/day/a.jpg", "images/night/b.png"]
    doc = json.loads((tmp_path / "annotations" / "instances.json").read_text())
    assert doc["categories"] == [
        {"id": 1, "name": "car", "supercategory": ""},
        {"id": 2, "name": "lane", "supercategory": ""},
    ]
    assert doc["images"] == [
        {"id": 7, "file_name": "day/a.jpg", "width": 100, "height": 50},
        {"id": 9, "file_name": "night/b.png", "width": 20, "height": 10},
    ]
    assert doc["annotations"] == [
        {
            "id": 1,
            "image_id": 7,
            "category_id": 1,
            "bbox": [10, 20, 20, 30],
            "area": 600,
            "iscrowd": 0,
            "segmentation": [],
            "score": 0.5,
        },
        {
            "id": 2,
            "image_id": 7,
            "category_id": 2,
            "bbox": [0, 0, 10, 10],
            "area": 50,
            "iscrowd": 0,
            "segmentation": [[0, 0, 10, 0, 10, 10]],
        },
    ]


def test_yolo_normalised_boxes(tmp_path):
    summary = write("yolo", tmp_path)
    assert summary.objects == 1 and dict(summary.skipped) == {"point": 1, "polygon": 1}
    assert files(tmp_path) == [
        "classes.txt",
        "data.yaml",
        "images/day/a.jpg",
        "images/night/b.png",
        "labels/day/a.txt",
        "labels/night/b.txt",
    ]
    assert (tmp_path / "classes.txt").read_text() == "car\nlane\n"
    assert (tmp_path / "labels" / "day" / "a.txt").read_text() == "0 0.200000 0.700000 0.200000 0.600000\n"
    assert (tmp_path / "labels" / "night" / "b.txt").read_text() == ""
    assert (tmp_path / "data.yaml").read_text() == (
        "# YOLO dataset exported by Collections Desk\npath: .\ntrain: images\nval: images\n"
        'nc: 2\nnames:\n  0: "car"\n  1: "lane"\n'
    )


def test_linked_images_are_listed_not_copied(tmp_path):
    summary = write("coco", tmp_path, link=True)
    assert (summary.images, summary.linked) == (0, 2)
    assert files(tmp_path) == ["annotations/instances.json", "links.csv"]
    assert (tmp_path / "links.csv").read_text().splitlines() == [
        "id,dataset,name,link",
        "7,day,a.jpg,http://s/a.jpg",
        "9,night,b.png,http://s/b.png",
    ]
    doc = json.loads((tmp_path / "annotations" / "instances.json").read_text())
    assert doc["images"][0]["coco_url"] == "http://s/a.jpg"


def test_names_never_leave_the_folder(tmp_path):
    writer = writer_for("supervisely", tmp_path, META)
    writer.add(ExportItem(1, "../../evil.jpg", "..", 4, 4), ANN_B, b"x")
    writer.finish()
    assert files(tmp_path) == ["_/ann/.._.._evil.jpg.json", "_/img/.._.._evil.jpg", "meta.json"]


def test_staged_folder_appears_whole_or_not_at_all(tmp_path):
    with pytest.raises(RuntimeError), StagedFolder(tmp_path, "export") as root:
        (root / "half.txt").write_text("half")
        raise RuntimeError("cancelled")
    assert list(tmp_path.iterdir()) == []
    staged = StagedFolder(tmp_path, "export")
    with staged as root:
        (root / "whole.txt").write_text("whole")
        assert staged.commit() == tmp_path / "export"
    assert files(tmp_path) == ["export/whole.txt"]
    with pytest.raises(ExportFailed, match="does not exist"):
        StagedFolder(tmp_path / "nowhere", "export")


def test_file_system_errors_are_said_in_words(tmp_path):
    import errno

    from desktop_app.shared.export_formats.folder import in_words

    assert str(in_words(OSError(errno.ENOSPC, "No space left on device"), tmp_path)) == (
        f"The disk holding {tmp_path} is full; nothing was exported."
    )
    assert "permission denied" in str(in_words(OSError(errno.EACCES, "Permission denied"), tmp_path))

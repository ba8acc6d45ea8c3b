"""`desktop-app-server export` on a real database (SQLite and PostgreSQL): every
format, its errors, and the round trip through `desktop-app-server import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.server.annotations.to_json import annotation_infos
from desktop_app.server.cli import main
from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
from desktop_app.server.db.models import Collection, CollectionItem, Figure, Image, ObjClass, Project
from desktop_app.server.demo import build_demo

POLYGON = {"exterior": [[10, 12], [60.5, 14], [40, 50.5]], "interior": []}
LINE = {"exterior": [[5, 5], [30, 40]], "interior": []}


@pytest.fixture
def demo_db(db_url: str, tmp_path: Path):
    """A 6-image demo project with a collection of 4 of its images; one has a polygon and a line too."""
    engine = make_engine(db_url)
    init_schema(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as s, s.begin():
        demo = build_demo(s, size=6)
        lane = ObjClass(project_id=demo.project_id, title="lane", shape="polygon", color="#123456")
        s.add(lane)
        collection = Collection(project_id=demo.project_id, team_id=demo.team_id, name="Picked")
        s.add(collection)
        s.flush()
        ids = list(s.scalars(select(Image.id).where(Image.project_id == demo.project_id).order_by(Image.id)))[1:5]
        s.add_all(CollectionItem(collection_id=collection.id, image_id=i) for i in ids)
        s.add(Figure(image_id=ids[0], class_id=lane.id, geometry_type="polygon", points=POLYGON, tags=[]))
        s.add(Figure(image_id=ids[0], class_id=lane.id, geometry_type="line", points=LINE, tags=[]))
        collection_id = collection.id
    yield sessions, collection_id, ids
    engine.dispose()


def export(capsys, db_url: str, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args, "--out", str(tmp_path / "out"), "--db", db_url, "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.strip()


def by_name(sessions, project_id: int) -> dict[str, tuple[int, int, dict]]:
    """name -> (width, height, annotation without ids and dates) of a project's images."""
    with sessions() as s:
        images = list(s.scalars(select(Image).where(Image.project_id == project_id)))
        out = {}
        for info, image in zip(annotation_infos(s, images), images):
            ann = info["annotation"]
            objects = sorted(
                (
                    o["classTitle"],
                    o["geometryType"],
                    json.dumps(o["points"]),
                    [(t["name"], t["value"]) for t in o["tags"]],
                )
                for o in ann["objects"]
            )
            tags = sorted((t["name"], t["value"]) for t in ann["tags"])
            out[image.name] = (image.width, image.height, {"objects": objects, "tags": tags})
        return out


def test_supervisely_export_reimports_to_the_same_items(demo_db, db_url, tmp_path, capsys):
    sessions, collection_id, ids = demo_db
    code, out, err = export(capsys, db_url, tmp_path, "--collection", str(collection_id), "--format", "supervisely")
    assert code == 0, err
    folder = tmp_path / "out" / "Picked (supervisely)"
    assert out == f"Exported 4 items, {out.split(', ')[1]}, 4 image files to {folder}"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Picked (supervisely)"]  # no partial folder left
    assert json.loads((folder / "meta.json").read_text())["classes"][-1] == {
        "title": "lane",
        "shape": "polygon",
        "color": "#123456",
    }

    assert main(["import", str(folder), "--project", "Back", "--db", db_url, "--data-dir", str(tmp_path / "data")]) == 0
    with sessions() as s:
        source_project = s.get(Image, ids[0]).project_id
        back = s.scalar(select(Project.id).where(Project.name == "Back"))
        names = set(s.scalars(select(Image.name).where(Image.id.in_(ids))))
    source = {name: v for name, v in by_name(sessions, source_project).items() if name in names}
    again = by_name(sessions, back)
    assert again == source and len(again) == 4
    assert any(g == "polygon" for _, _, ann in again.values() for _, g, _, _ in ann["objects"])
    assert any(t for _, _, ann in again.values() for *_, t in ann["objects"])  # confidence tags came back


def test_coco_export_has_the_source_boxes(demo_db, db_url, tmp_path, capsys):
    sessions, collection_id, ids = demo_db
    code, out, _ = export(capsys, db_url, tmp_path, "--collection", str(collection_id), "--format", "coco")
    assert code == 0 and "(skipped, not expressible in this format: 1 line)" in out
    doc = json.loads((tmp_path / "out" / "Picked (coco)" / "annotations" / "instances.json").read_text())
    categories = {c["id"]: c["name"] for c in doc["categories"]}
    assert [i["id"] for i in doc["images"]] == ids
    for image in doc["images"]:
        assert (tmp_path / "out" / "Picked (coco)" / "images" / image["file_name"]).is_file()
    got = sorted((a["image_id"], categories[a["category_id"]], a["bbox"]) for a in doc["annotations"])
    with sessions() as s:
        infos = annotation_infos(s, list(s.scalars(select(Image).where(Image.id.in_(ids)))))
    expected = []
    for info in infos:
        for o in info["annotation"]["objects"]:
            pts = o["points"]["exterior"]
            if o["geometryType"] == "rectangle":
                (left, top), (right, bottom) = pts
                expected.append((info["imageId"], o["classTitle"], [left, top, right - left, bottom - top]))
    expected.append((ids[0], "lane", [10, 12, 50.5, 38.5]))  # the polygon's bounding box
    assert got == sorted(expected)
    polygon = next(a for a in doc["annotations"] if categories[a["category_id"]] == "lane")
    assert polygon["segmentation"] == [[10, 12, 60.5, 14, 40, 50.5]]
    scored = [a for a in doc["annotations"] if categories[a["category_id"]].endswith("_pred")]
    assert scored and all(0 <= a["score"] <= 1 for a in scored)


def test_other_formats_and_linked_images(demo_db, db_url, tmp_path, capsys):
    _, collection_id, ids = demo_db
    cid = str(collection_id)
    assert export(capsys, db_url, tmp_path, "--collection", cid, "--format", "ids-csv")[0] == 0
    rows = (tmp_path / "out" / "Picked (ids-csv)" / "items.csv").read_text().splitlines()
    assert rows[0] == "id,name,dataset" and [int(r.split(",")[0]) for r in rows[1:]] == ids
    assert export(capsys, db_url, tmp_path, "--collection", cid, "--format", "ids-json")[0] == 0
    items = json.loads((tmp_path / "out" / "Picked (ids-json)" / "items.json").read_text())["items"]
    assert [i["id"] for i in items] == ids
    assert export(capsys, db_url, tmp_path, "--collection", cid, "--format", "yolo")[0] == 0
    yolo = tmp_path / "out" / "Picked (yolo)"
    assert len(list((yolo / "labels").rglob("*.txt"))) == 4 and len(list((yolo / "images").rglob("*.jpg"))) == 4
    assert "nc: 9" in (yolo / "data.yaml").read_text()
    code, out, _ = export(capsys, db_url, tmp_path, "--collection", cid, "--format", "yolo", "--link-images")
    linked = tmp_path / "out" / "Picked (yolo) (2)"  # never overwrites the first export
    assert code == 0 and "4 linked" in out and not (linked / "images").exists()
    assert (linked / "links.csv").read_text().splitlines()[0] == "id,dataset,name,link"


def test_errors_are_one_line_and_leave_nothing(demo_db, db_url, tmp_path, capsys):
    _, collection_id, _ = demo_db
    code, _, err = export(capsys, db_url, tmp_path, "--collection", "99999", "--format", "coco")
    assert code == 2 and err == "error: There is no collection with id 99999."
    with pytest.raises(SystemExit):
        main(["export", "--collection", str(collection_id), "--format", "pdf", "--out", str(tmp_path)])
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    code = main(
        ["export", "--collection", str(collection_id), "--format", "coco", "--out", str(a_file), "--db", db_url]
    )
    assert code == 2 and "cannot create" in capsys.readouterr().err


def test_a_failure_half_way_leaves_no_folder(demo_db, db_url, tmp_path, capsys):
    sessions, collection_id, ids = demo_db
    with sessions() as s, s.begin():
        s.get(Image, ids[-1]).storage_path = "originals/00/gone.jpg"  # its file is missing
    code, _, err = export(capsys, db_url, tmp_path, "--collection", str(collection_id), "--format", "supervisely")
    assert code == 2 and "missing from storage; nothing was exported" in err
    assert list((tmp_path / "out").iterdir()) == []  # the partial folder went with the error

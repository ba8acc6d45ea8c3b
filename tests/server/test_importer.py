"""Importing folders: plain, Supervisely format and COCO; bad folders are
refused with a clear message and leave the database and storage untouched."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
from desktop_app.server.db.models import (
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
    Team,
    User,
    Workspace,
)
from desktop_app.server.importing.importer import ImportFailed, import_folder
from desktop_app.server.settings import ServerSettings
from desktop_app.server.users.bootstrap import (
    ensure_team,
    ensure_user,
    ensure_workspace,
)


@pytest.fixture
def env(db_url, tmp_path):
    engine = make_engine(db_url)
    init_schema(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as s, s.begin():
        team = ensure_team(s, "team")
        ensure_workspace(s, team, "ws")
        ensure_user(s, "importer")
    yield sessions, ServerSettings(db_url=db_url, data_dir=tmp_path / "data")
    engine.dispose()


def run_import(env, folder: Path, name: str = "Imported") -> int:
    sessions, settings = env
    with sessions() as s, s.begin():
        team = s.scalar(select(Team).where(Team.name == "team"))
        ws = s.scalar(select(Workspace).where(Workspace.name == "ws"))
        user = s.scalar(select(User).where(User.login == "importer"))
        return import_folder(s, settings, folder, name, team, ws, user)


def save(path: Path, size=(64, 48), color=(10, 20, 30), fmt=None) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, color).save(path, format=fmt)
    return path.read_bytes()


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def table_counts(sessions) -> dict[str, int]:
    with sessions() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Project, Dataset, ObjClass, TagMeta, Image, Figure, ImageTag)
        }


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.storage_dir).rglob("*") if p.is_file()] if settings.storage_dir.exists() else []


def images_of(sessions, project_id: int) -> dict[str, Image]:
    with sessions() as s:
        return {i.name: i for i in s.scalars(select(Image).where(Image.project_id == project_id))}


def figures_of(sessions, image_id: int) -> list[tuple[str, str, dict, list]]:
    with sessions() as s:
        rows = s.execute(
            select(ObjClass.title, Figure.geometry_type, Figure.points, Figure.tags)
            .join(ObjClass, ObjClass.id == Figure.class_id)
            .where(Figure.image_id == image_id)
            .order_by(Figure.id)
        ).all()
    return [tuple(r) for r in rows]


def supervisely_folder(root: Path) -> dict[str, bytes]:
    write_json(
        root / "meta.json",
        {
            "classes": [
                {"title": "car", "shape": "rectangle", "color": "#FF0000"},
                {"title": "road", "shape": "polygon", "color": "#00FF00"},
            ],
            "tags": [
                {"name": "weather", "value_type": "oneof_string", "values": ["sunny", "rain"]},
                {"name": "occluded", "value_type": "none", "applicable_type": "objectsOnly"},
            ],
            "projectType": "images",
        },
    )
    files = {
        "a.jpg": save(root / "ds1" / "img" / "a.jpg", (640, 480)),
        "b.png": save(root / "ds1" / "img" / "b.png", (100, 80), fmt="PNG"),
        "c.jpg": save(root / "ds2" / "img" / "c.jpg", (32, 32)),
    }
    write_json(
        root / "ds1" / "ann" / "a.jpg.json",
        {
            "description": "",
            "size": {"height": 480, "width": 640},
            "tags": [{"name": "weather", "value": "rain"}],
            "objects": [
                {
                    "classTitle": "car",
                    "geometryType": "rectangle",
                    "description": "",
                    "points": {"exterior": [[10, 20], [109, 219]], "interior": []},
                    "tags": [{"name": "occluded", "value": None}],
                },
                {
                    "classTitle": "road",
                    "geometryType": "polygon",
                    "points": {"exterior": [[0, 400], [639, 400], [639, 479]], "interior": []},
                    "tags": [],
                },
            ],
        },
    )
    write_json(root / "ds1" / "ann" / "b.png.json", {"size": {"height": 80, "width": 100}, "tags": [], "objects": []})
    return files


def test_supervisely_folder(env, tmp_path):
    sessions, settings = env
    files = supervisely_folder(tmp_path / "sly")
    project_id = run_import(env, tmp_path / "sly", "Sly")
    with sessions() as s:
        datasets = {d.id: d.name for d in s.scalars(select(Dataset).where(Dataset.project_id == project_id))}
        classes = {
            c.title: (c.shape, c.color) for c in s.scalars(select(ObjClass).where(ObjClass.project_id == project_id))
        }
        metas = {t.name: t for t in s.scalars(select(TagMeta).where(TagMeta.project_id == project_id))}
    assert sorted(datasets.values()) == ["ds1", "ds2"]
    assert classes == {"car": ("rectangle", "#FF0000"), "road": ("polygon", "#00FF00")}
    assert metas["weather"].values == ["sunny", "rain"] and metas["occluded"].applicable_type == "objectsOnly"
    images = images_of(sessions, project_id)
    assert set(images) == set(files)
    a = images["a.jpg"]
    assert (datasets[a.dataset_id], a.width, a.height, a.mime, a.labels_count) == ("ds1", 640, 480, "image/jpeg", 2)
    assert images["b.png"].mime == "image/png" and images["c.jpg"].labels_count == 0
    # Pixel coordinates on disk become edges on the wire, as the SDK does on upload.
    (car, road) = figures_of(sessions, a.id)
    assert car[:3] == ("car", "rectangle", {"exterior": [[10, 20], [110, 220]], "interior": []})
    assert car[3] == [{"tagId": metas["occluded"].id, "name": "occluded", "value": None}]
    assert road[2]["exterior"] == [[0.5, 400.5], [639.5, 400.5], [639.5, 479.5]]
    with sessions() as s:
        tags = s.execute(select(ImageTag.tag_meta_id, ImageTag.value).where(ImageTag.image_id == a.id)).all()
    assert [tuple(t) for t in tags] == [(metas["weather"].id, "rain")]
    # Files are stored by content, with the platform's hash, and nothing is left in staging.
    for name, data in files.items():
        image = images[name]
        stored = Path(settings.storage_dir) / image.storage_path
        assert stored.read_bytes() == data and image.size == len(data)
        assert image.hash == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert len(stored_files(settings)) == 3


def test_coco_folder(env, tmp_path):
    sessions, _settings = env
    root = tmp_path / "coco"
    save(root / "images" / "x.jpg", (200, 100))
    save(root / "images" / "y.jpg", (50, 50))
    save(root / "images" / "plain.jpg", (10, 10))
    write_json(
        root / "annotations" / "instances.json",
        {
            "images": [
                {"id": 1, "file_name": "x.jpg", "width": 200, "height": 100},
                {"id": 2, "file_name": "images/y.jpg", "width": 50, "height": 50},
            ],
            "categories": [{"id": 3, "name": "cat"}, {"id": 4, "name": "dog"}],
            "annotations": [
                {"id": 10, "image_id": 1, "category_id": 3, "bbox": [5.2, 6.7, 30, 40]},
                {"id": 11, "image_id": 1, "category_id": 4, "bbox": [190, 90, 50, 50], "score": 0.4},
                {"id": 12, "image_id": 2, "category_id": 4, "bbox": [0, 0, 10, 10]},
            ],
        },
    )
    project_id = run_import(env, root, "Coco")
    images = images_of(sessions, project_id)
    assert set(images) == {"x.jpg", "y.jpg", "plain.jpg"}
    assert [i.labels_count for i in (images["x.jpg"], images["y.jpg"], images["plain.jpg"])] == [2, 1, 0]
    cat, dog = figures_of(sessions, images["x.jpg"].id)
    assert cat[:3] == ("cat", "rectangle", {"exterior": [[5, 7], [35, 47]], "interior": []}) and cat[3] == []
    assert dog[2] == {"exterior": [[190, 90], [200, 100]], "interior": []}  # clamped to the image
    assert [(t["name"], t["value"]) for t in dog[3]] == [("confidence", 0.4)]
    with sessions() as s:
        assert s.scalar(select(TagMeta.value_type).where(TagMeta.project_id == project_id)) == "any_number"


def test_plain_folder_subfolders_become_datasets(env, tmp_path):
    sessions, _settings = env
    root = tmp_path / "plain"
    save(root / "top.jpg")
    save(root / "day" / "1.jpg")
    save(root / "day" / "morning" / "1.jpg")
    save(root / "night" / "2.png", fmt="PNG")
    (root / "notes.txt").write_text("not an image")
    project_id = run_import(env, root)
    with sessions() as s:
        rows = s.execute(
            select(Dataset.name, Image.name)
            .join(Image, Image.dataset_id == Dataset.id)
            .where(Dataset.project_id == project_id)
        ).all()
    assert sorted(tuple(r) for r in rows) == [
        ("day", "1.jpg"),
        ("day", "morning_1.jpg"),
        ("ds0", "top.jpg"),
        ("night", "2.png"),
    ]


def _bad_folders(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (folder, words the error message must contain)"""
    cases = {}
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("hi")
    cases["empty"] = (empty, "no images")
    cases["missing"] = (tmp_path / "does-not-exist", "not a folder")
    broken = tmp_path / "broken"
    save(broken / "good.jpg")
    (broken / "bad.jpg").write_bytes(b"this is not a jpeg")
    cases["corrupt image"] = (broken, "bad.jpg")
    gif = tmp_path / "gif"
    save(gif / "anim.png", fmt="GIF")
    cases["wrong format"] = (gif, "only JPEG and PNG")
    meta = tmp_path / "badmeta"
    supervisely_folder(meta)
    (meta / "meta.json").write_text("{not json")
    cases["bad meta.json"] = (meta, "meta.json")
    unknown = tmp_path / "unknownclass"
    supervisely_folder(unknown)
    write_json(
        unknown / "ds2" / "ann" / "c.jpg.json",
        {"objects": [{"classTitle": "tree", "geometryType": "rectangle", "points": {"exterior": [[0, 0], [5, 5]]}}]},
    )
    cases["unknown class"] = (unknown, "'tree'")
    bitmap = tmp_path / "bitmap"
    supervisely_folder(bitmap)
    write_json(
        bitmap / "ds2" / "ann" / "c.jpg.json",
        {"objects": [{"classTitle": "car", "geometryType": "bitmap", "bitmap": {"data": "", "origin": [0, 0]}}]},
    )
    cases["unsupported geometry"] = (bitmap, "'bitmap' is not supported")
    coco_missing = tmp_path / "coco_missing"
    save(coco_missing / "a.jpg")
    write_json(
        coco_missing / "coco.json",
        {"images": [{"id": 1, "file_name": "gone.jpg"}], "annotations": [], "categories": []},
    )
    cases["coco missing image"] = (coco_missing, "'gone.jpg' is not in the folder")
    coco_cat = tmp_path / "coco_cat"
    save(coco_cat / "a.jpg")
    write_json(
        coco_cat / "coco.json",
        {
            "images": [{"id": 1, "file_name": "a.jpg"}],
            "categories": [],
            "annotations": [{"image_id": 1, "category_id": 9, "bbox": [0, 0, 1, 1]}],
        },
    )
    cases["coco unknown category"] = (coco_cat, "category_id 9")
    coco_half = tmp_path / "coco_half"
    save(coco_half / "a.jpg")
    write_json(coco_half / "coco.json", {"images": [{"id": 1, "file_name": "a.jpg"}]})
    cases["coco without lists"] = (coco_half, "needs the lists")
    return cases


def test_bad_folders_change_nothing(env, tmp_path):
    sessions, settings = env
    before = table_counts(sessions)
    for name, (folder, words) in _bad_folders(tmp_path).items():
        with pytest.raises(ImportFailed) as failure:
            run_import(env, folder)
        assert words in str(failure.value), (name, str(failure.value))
        assert table_counts(sessions) == before, name
        assert stored_files(settings) == [], name


def test_existing_project_name_is_refused(env, tmp_path):
    sessions, settings = env
    save(tmp_path / "one" / "a.jpg")
    run_import(env, tmp_path / "one", "Same")
    before, files = table_counts(sessions), stored_files(settings)
    save(tmp_path / "two" / "b.jpg", color=(1, 2, 3))
    for name in ("Same", "", "x" * 300):
        with pytest.raises(ImportFailed):
            run_import(env, tmp_path / "two", name)
    assert table_counts(sessions) == before and stored_files(settings) == files


def test_same_content_twice_is_stored_once(env, tmp_path):
    sessions, settings = env
    data = save(tmp_path / "dup" / "a.jpg")
    (tmp_path / "dup" / "b.jpg").write_bytes(data)
    project_id = run_import(env, tmp_path / "dup")
    images = images_of(sessions, project_id)
    assert images["a.jpg"].storage_path == images["b.jpg"].storage_path
    assert len(stored_files(settings)) == 1

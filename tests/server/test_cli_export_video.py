"""`desktop-app-server export --format supervisely` of a video and of a point-cloud
collection (the demo projects), imported back with `desktop-app-server import`:
the same items, classes, tags (with frame ranges), objects and figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.server.cli import main
from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
from desktop_app.server.db.models import AnnotationObject, Collection, CollectionItem, Image, ObjClass, Project, TagMeta
from desktop_app.server.demo.point_clouds import build_point_cloud_demo
from desktop_app.server.demo.videos import build_video_demo
from desktop_app.server.point_clouds.annotation_json import point_cloud_annotations
from desktop_app.server.settings import ServerSettings
from desktop_app.server.videos.annotation_json import video_annotations


def pick(s, project_id: int, name: str, every: int) -> tuple[int, list[int]]:
    """A collection of every `every`-th item of the project (both datasets)."""
    project = s.get(Project, project_id)
    ids = list(s.scalars(select(Image.id).where(Image.project_id == project_id).order_by(Image.id)))[::every]
    collection = Collection(project_id=project_id, team_id=project.team_id, name=name)
    s.add(collection)
    s.flush()
    s.add_all(CollectionItem(collection_id=collection.id, image_id=i) for i in ids)
    return collection.id, ids


@pytest.fixture
def demo_db(db_url: str, tmp_path: Path):
    """The video and point-cloud demos, with a collection of half of each."""
    engine = make_engine(db_url)
    init_schema(engine)
    sessions = make_sessionmaker(engine)
    settings = ServerSettings(db_url=db_url, data_dir=tmp_path / "data")
    with sessions() as s, s.begin():
        videos = build_video_demo(s).project_id
        clouds = build_point_cloud_demo(s, settings)
        picked = {"videos": pick(s, videos, "Clips", 2), "point_clouds": pick(s, clouds, "Scans", 2)}
    yield sessions, picked
    engine.dispose()


def cli(capsys, db_url: str, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", db_url, "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.strip()


def meta_of(s, project_id: int) -> tuple[list, list]:
    classes = s.execute(select(ObjClass.title, ObjClass.shape, ObjClass.color).where(ObjClass.project_id == project_id))
    tags = s.execute(
        select(TagMeta.name, TagMeta.value_type, TagMeta.values, TagMeta.applicable_type).where(
            TagMeta.project_id == project_id
        )
    )
    return sorted(map(tuple, classes)), sorted((n, v, list(vs or []), a) for n, v, vs, a in tags)


def tags(entries) -> list:
    return sorted((t["name"], json.dumps(t.get("value")), t.get("frameRange")) for t in entries)


def videos_by_name(s, ids: list[int]) -> dict[str, tuple]:
    """name -> (size, frames, video tags, objects (class, tags), per frame figures (class, type, points))."""
    videos = list(s.scalars(select(Image).where(Image.id.in_(ids)).order_by(Image.id)))
    out = {}
    for video, ann in zip(videos, video_annotations(s, videos), strict=True):
        classes = {o["key"]: o["classTitle"] for o in ann["objects"]}
        objects = sorted((o["classTitle"], tags(o["tags"])) for o in ann["objects"])
        frames = {
            f["index"]: sorted(
                (classes[g["objectKey"]], g["geometryType"], json.dumps(g["geometry"]["points"])) for g in f["figures"]
            )
            for f in ann["frames"]
        }
        facts = (video.width, video.height, video.frames_count, ann["framesCount"])
        out[video.name] = (facts, tags(ann["tags"]), objects, frames)
    return out


def clouds_by_name(s, ids: list[int]) -> dict[str, tuple]:
    """name -> (points count, tags, objects (class, tags, cuboids))."""
    clouds = list(s.scalars(select(Image).where(Image.id.in_(ids)).order_by(Image.id)))
    out = {}
    for cloud, ann in zip(clouds, point_cloud_annotations(s, clouds), strict=True):
        figures: dict[str, list] = {}
        for f in ann["figures"]:
            figures.setdefault(f["objectKey"], []).append(
                (f["geometryType"], json.dumps(f["geometry"], sort_keys=True))
            )
        objects = sorted((o["classTitle"], tags(o["tags"]), sorted(figures.get(o["key"], []))) for o in ann["objects"])
        out[cloud.name] = (cloud.points_count, tags(ann["tags"]), objects)
    return out


@pytest.mark.parametrize(
    ("kind", "folder_name", "files", "compare"),
    [
        ("videos", "Clips (supervisely)", "video", videos_by_name),
        ("point_clouds", "Scans (supervisely)", "pointcloud", clouds_by_name),
    ],
)
def test_supervisely_export_reimports_the_same(demo_db, db_url, tmp_path, capsys, kind, folder_name, files, compare):
    sessions, picked = demo_db
    collection_id, ids = picked[kind]
    out_dir = tmp_path / "out"
    code, out, err = cli(
        capsys, db_url, tmp_path, "export", "--collection", str(collection_id), "--format", "supervisely",
        "--out", str(out_dir),
    )  # fmt: skip
    assert code == 0, err
    folder = out_dir / folder_name
    word = "video" if kind == "videos" else "point cloud"
    assert out.startswith(f"Exported {len(ids)} items, ") and out.endswith(f"{len(ids)} {word} files to {folder}")
    assert [p.name for p in out_dir.iterdir()] == [folder_name]  # no partial folder left
    assert json.loads((folder / "meta.json").read_text())["projectType"] == kind
    assert (folder / "key_id_map.json").is_file()
    assert sum(1 for _ in folder.glob(f"*/{files}/*")) == len(ids)

    code, out, err = cli(capsys, db_url, tmp_path, "import", str(folder), "--project", "Back")
    assert code == 0, err
    assert out.startswith(f"Imported {len(ids)} {word}s into project 'Back'")
    with sessions() as s:
        source = s.get(Image, ids[0]).project_id
        back = s.scalar(select(Project).where(Project.name == "Back"))
        assert back.type == kind
        back_ids = list(s.scalars(select(Image.id).where(Image.project_id == back.id)))
        assert meta_of(s, back.id) == meta_of(s, source)
        before, after = compare(s, ids), compare(s, back_ids)
        keys = [
            set(s.scalars(select(AnnotationObject.key).where(AnnotationObject.image_id.in_(i))))
            for i in (ids, back_ids)
        ]
    assert keys[0] == keys[1] and keys[0]  # object keys are kept
    assert after == before and len(after) == len(ids)
    # the demo's richness survived: tags with frame ranges, tagged objects, figures
    assert any(entry[2] for entry in after.values())
    assert any(t for entry in after.values() for _c, t, *_ in entry[2])
    if kind == "videos":  # a video tag on some frames only, and boxes on many frames
        assert any(r is not None for entry in after.values() for _n, _v, r in entry[1])
        assert sum(len(entry[3]) for entry in after.values()) > 10


def test_coco_is_refused_for_a_video_collection(demo_db, db_url, tmp_path, capsys):
    _sessions, picked = demo_db
    collection_id, _ids = picked["videos"]
    (tmp_path / "out").mkdir()
    code, _, err = cli(
        capsys, db_url, tmp_path, "export", "--collection", str(collection_id), "--format", "coco",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code != 0 and "holds image annotations" in err and "videos" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_a_missing_video_file_fails_in_words_and_leaves_nothing(demo_db, db_url, tmp_path, capsys):
    sessions, picked = demo_db
    collection_id, ids = picked["videos"]
    with sessions() as s, s.begin():
        s.get(Image, ids[-1]).storage_path = "blobs/00/gone"  # its file is missing from storage
    (tmp_path / "out").mkdir()
    code, _, err = cli(
        capsys, db_url, tmp_path, "export", "--collection", str(collection_id), "--format", "supervisely",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code != 0 and "missing from storage" in err and "nothing was exported" in err
    assert list((tmp_path / "out").iterdir()) == []

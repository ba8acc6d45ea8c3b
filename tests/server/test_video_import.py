"""Importing a folder of videos: plain and Supervisely layout (with video
annotations); a bad video or annotation is named and nothing is imported."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.server.db.models import Dataset, Image, Project
from desktop_app.server.importing.importer import ImportFailed
from desktop_app.server.videos.annotation_json import video_annotations
from tests.server.test_importer import env, run_import  # noqa: F401  (env is a fixture)
from tests.server.video_world import clip


def write(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def stored_blobs(env) -> list[Path]:  # noqa: F811
    root = env[1].storage_dir / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def project_count(env) -> int:  # noqa: F811
    with env[0]() as s:
        return s.scalar(select(func.count()).select_from(Project)) or 0


def test_plain_folder_of_videos(env, tmp_path):  # noqa: F811
    folder = tmp_path / "clips"
    first = write(folder / "a.mp4", clip(160, 120, 10, 10))
    second = write(folder / "street" / "night" / "b.mp4", clip(320, 240, 12, 6))
    project_id = run_import(env, folder)
    with env[0]() as s:
        assert s.get(Project, project_id).type == "videos"
        rows = s.execute(
            select(Dataset.name, Image.name, Image.width, Image.frames_count, Image.frame_rate, Image.hash)
            .join(Dataset, Dataset.id == Image.dataset_id)
            .where(Image.project_id == project_id)
            .order_by(Image.id)
        ).all()
    assert [tuple(r[:5]) for r in rows] == [("ds0", "a.mp4", 160, 10, 10.0), ("street", "night_b.mp4", 320, 12, 6.0)]
    assert sorted(p.read_bytes() for p in stored_blobs(env)) == sorted([first, second])


def supervisely_folder(tmp_path: Path, frame: int = 2) -> Path:
    folder = tmp_path / "sly"
    meta = {
        "classes": [{"title": "car", "shape": "rectangle", "color": "#FF0000"}],
        "tags": [{"name": "busy", "value_type": "none"}, {"name": "speed", "value_type": "any_number"}],
        "projectType": "videos",
    }
    write(folder / "meta.json", json.dumps(meta).encode())
    write(folder / "key_id_map.json", b"{}")
    write(folder / "ds1" / "video" / "x.mp4", clip(160, 120, 10, 10))
    write(folder / "ds1" / "video" / "y.mp4", clip(160, 120, 5, 10))
    key = uuid.uuid4().hex
    ann = {
        "size": {"height": 120, "width": 160},
        "framesCount": 10,
        "description": "",
        "key": uuid.uuid4().hex,
        "tags": [{"name": "busy", "frameRange": [1, 3], "key": uuid.uuid4().hex}],
        "objects": [{"key": key, "classTitle": "car", "tags": [{"name": "speed", "value": 30}]}],
        "frames": [
            {
                "index": frame,
                "figures": [
                    {
                        "key": uuid.uuid4().hex,
                        "objectKey": key,
                        "geometryType": "rectangle",
                        "geometry": {"points": {"exterior": [[18, 20], [47, 39]], "interior": []}},
                    }
                ],
            }
        ],
    }
    write(folder / "ds1" / "ann" / "x.mp4.json", json.dumps(ann).encode())
    return folder


def test_supervisely_video_project_with_annotations(env, tmp_path):  # noqa: F811
    project_id = run_import(env, supervisely_folder(tmp_path))
    with env[0]() as s:
        videos = list(s.scalars(select(Image).where(Image.project_id == project_id).order_by(Image.name)))
        assert [v.name for v in videos] == ["x.mp4", "y.mp4"]
        annotated, plain = video_annotations(s, videos)
    assert annotated["framesCount"] == 10 and [(t["name"], t["frameRange"]) for t in annotated["tags"]] == [
        ("busy", [1, 3])
    ]
    (obj,) = annotated["objects"]
    assert obj["classTitle"] == "car" and [(t["name"], t["value"]) for t in obj["tags"]] == [("speed", 30)]
    (frame,) = annotated["frames"]
    assert frame["index"] == 2 and frame["figures"][0]["geometry"]["points"]["exterior"] == [[18, 20], [47, 39]]
    assert (plain["objects"], plain["frames"]) == ([], [])
    assert videos[0].labels_count == 1


@pytest.mark.parametrize(
    "spoil, named",
    [
        (
            lambda f: write(f / "ds1" / "video" / "broken.mp4", b"this is no video"),
            "broken.mp4 is not a readable video",
        ),
        (lambda f: write(f / "ds1" / "video" / "short.mp4", clip()[:500]), "short.mp4"),
    ],
)
def test_a_bad_video_is_named_and_nothing_is_imported(env, tmp_path, spoil, named):  # noqa: F811
    folder = supervisely_folder(tmp_path)
    spoil(folder)
    with pytest.raises(ImportFailed, match=named):
        run_import(env, folder)
    assert project_count(env) == 0 and stored_blobs(env) == []


def test_a_bad_annotation_is_named_and_nothing_is_imported(env, tmp_path):  # noqa: F811
    with pytest.raises(ImportFailed, match=r"x\.mp4\.json: .*frame 10 is outside the video's frames 0\.\.9"):
        run_import(env, supervisely_folder(tmp_path, frame=10))
    assert project_count(env) == 0 and stored_blobs(env) == []


def test_images_and_videos_together_are_refused(env, tmp_path):  # noqa: F811
    folder = tmp_path / "mixed"
    write(folder / "a.mp4", clip())
    write(folder / "b.jpg", b"\xff\xd8\xff")
    with pytest.raises(ImportFailed, match="both images and videos"):
        run_import(env, folder)
    assert project_count(env) == 0

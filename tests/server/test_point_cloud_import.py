"""`desktop-app-server import DIR` with .pcd files: a plain folder, the
Supervisely point-cloud layout with annotations, and bad input that imports nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.server.db.models import Image, Project
from desktop_app.server.importing.importer import ImportFailed
from desktop_app.server.point_clouds.annotation_json import point_cloud_annotations
from tests.server.pcd_world import CUBOID, pcd_bytes
from tests.server.test_importer import env, run_import  # noqa: F401

CAR = "4f1b2c3d4e5f40718293a4b5c6d7e8f9"


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def supervisely_folder(root: Path) -> Path:
    meta = {
        "classes": [{"title": "car", "shape": "cuboid_3d", "color": "#FF0000"}],
        "tags": [{"name": "night", "value_type": "none", "applicable_type": "imagesOnly"}],
        "projectType": "point_clouds",
    }
    write(root / "meta.json", json.dumps(meta))
    write(root / "lidar" / "pointcloud" / "a.pcd", pcd_bytes(400, seed=1))
    write(root / "lidar" / "pointcloud" / "b.pcd", pcd_bytes(300, seed=2, ascii=True))
    ann = {
        "description": "",
        "key": "00112233445566778899aabbccddeeff",
        "tags": [{"name": "night", "key": "ffeeddccbbaa99887766554433221100"}],
        "objects": [{"key": CAR, "classTitle": "car", "tags": []}],
        "figures": [
            {
                "key": "0123456789abcdef0123456789abcdef",
                "objectKey": CAR,
                "geometryType": "cuboid_3d",
                "geometry": CUBOID,
            }
        ],
    }
    write(root / "lidar" / "ann" / "a.pcd.json", json.dumps(ann))
    return root


def blobs(env) -> list[Path]:  # noqa: F811
    folder = env[1].storage_dir / "blobs"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_import_a_supervisely_point_cloud_project(env, tmp_path):  # noqa: F811
    pid = run_import(env, supervisely_folder(tmp_path / "src"), "Scans")
    sessions, _settings = env
    with sessions() as s:
        assert s.get_one(Project, pid).type == "point_clouds"
        clouds = list(s.scalars(select(Image).where(Image.project_id == pid).order_by(Image.name)))
        assert [(c.name, c.points_count, c.labels_count) for c in clouds] == [("a.pcd", 500, 1), ("b.pcd", 375, 0)]
        ann = point_cloud_annotations(s, clouds[:1])[0]
    assert [o["key"] for o in ann["objects"]] == [CAR] and ann["figures"][0]["geometry"] == CUBOID
    assert [t["name"] for t in ann["tags"]] == ["night"]
    assert len(blobs(env)) == 2


def test_import_a_plain_folder_of_pcd_files(env, tmp_path):  # noqa: F811
    write(tmp_path / "src" / "x.pcd", pcd_bytes(200, seed=3))
    write(tmp_path / "src" / "night" / "y.pcd", pcd_bytes(200, seed=4))
    pid = run_import(env, tmp_path / "src")
    with env[0]() as s:
        assert s.scalar(select(func.count(Image.id)).where(Image.project_id == pid)) == 2


BAD = {
    "unreadable pcd": lambda root: write(root / "lidar" / "pointcloud" / "b.pcd", b"VERSION 0.7\nFIELDS x y z\nbroken"),
    "unknown class": lambda root: write(
        root / "lidar" / "ann" / "a.pcd.json",
        (root / "lidar" / "ann" / "a.pcd.json").read_text().replace('"classTitle": "car"', '"classTitle": "tram"'),
    ),
    "flat cuboid": lambda root: write(
        root / "lidar" / "ann" / "a.pcd.json",
        (root / "lidar" / "ann" / "a.pcd.json").read_text().replace('"z": 1.5', '"z": 0'),
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_named_and_imports_nothing(env, tmp_path, case):  # noqa: F811
    root = supervisely_folder(tmp_path / "src")
    BAD[case](root)
    with pytest.raises(ImportFailed) as failed:
        run_import(env, root, "Scans")
    assert ("b.pcd" if case == "unreadable pcd" else "a.pcd.json") in str(failed.value)
    with env[0]() as s:
        assert s.scalar(select(func.count(Project.id))) == 0
    assert blobs(env) == []

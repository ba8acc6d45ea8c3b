"""The official SDK's api.pointcloud, unchanged, against the bundled server over HTTP."""

from __future__ import annotations

import pytest

from tests.sdk.test_sdk_compat import run_script
from tests.server.pcd_world import CUBOID, build_pcd_world, pcd_bytes
from tests.server.world import ALICE, build_world

pytestmark = pytest.mark.sdk


def test_point_cloud_upload_read_annotate_delete(live, sdk_python, tmp_path):
    world = build_world(live.sessions())
    pcd = build_pcd_world(live, world)
    new_file = tmp_path / "new.pcd"
    new_file.write_bytes(pcd_bytes(700, seed=77))
    result = run_script(
        sdk_python,
        "point_cloud_script.py",
        live.url,
        ALICE,
        PROJECT_ID=pcd["project"],
        DATASET_ID=pcd["d1"],
        ANNOTATED_ID=pcd.clouds["scans1"][0],
        NEW_FILE=new_file,
    )
    assert result["uploaded"] == {"name": "uploaded.pcd", "mime": "image/pcd", "dataset": pcd["d1"]}
    assert result["listed"] == ["scan_0.pcd", "scan_1.pcd", "scan_2.pcd", "uploaded.pcd"]
    assert result["info"] == {"id": pcd.clouds["scans1"][0], "objects": 1, "figures": 1, "team": world["team_a"]}
    assert result["missing_is_none"]
    position = CUBOID["position"]
    assert result["figure"] == {
        "class": "car",
        "geometry": "cuboid_3d",
        "position": [position["x"], position["y"], position["z"]],
        "dimensions": [4.2, 1.8, 1.5],
    }
    assert result["tags"] == ["night"]
    assert result["appended"] == {
        "objects": ["pedestrian"],
        "object_tags": [["confidence", 0.5]],
        "tags": ["night"],
        "position": [1, 2, 0.9],
        "yaw": 0.4,
    }
    assert result["same_file"] and result["gone"]

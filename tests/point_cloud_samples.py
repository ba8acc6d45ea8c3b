"""Small, known point clouds for the tests: a flat ground with a few boxes of
points standing on it where the cuboids are, written as real .pcd files
with pypcd4 (the same library the app reads them with)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pypcd4 import PointCloud as PcdFile

from desktop_app.api.point_cloud_records import PointCloudAnnotation


def scene_points(count: int, boxes: list[tuple[float, float, float, float, float, float]], seed: int = 7):
    """`count` points: 70% ground over x -20..20, y -10..10 at z 0, the rest inside the boxes
    (centre x, y, z, size x, y, z). Returns (xyz float32 N × 3, intensity float32 N)."""
    rng = np.random.default_rng(seed)
    ground = int(count * 0.7) if boxes else count
    xyz = [np.column_stack([rng.uniform(-20, 20, ground), rng.uniform(-10, 10, ground), np.zeros(ground)])]
    rest = count - ground
    for i, (cx, cy, cz, dx, dy, dz) in enumerate(boxes):
        n = rest // len(boxes) + (1 if i < rest % len(boxes) else 0)
        offsets = rng.uniform(-0.5, 0.5, (n, 3)) * np.array([dx, dy, dz])
        xyz.append(offsets + np.array([cx, cy, cz]))
    points = np.concatenate(xyz).astype(np.float32)
    intensity = rng.uniform(0, 255, len(points)).astype(np.float32)
    return points, intensity


def write_pcd(path: Path, xyz: np.ndarray, intensity: np.ndarray | None = None) -> Path:
    if intensity is None:
        PcdFile.from_xyz_points(xyz).save(path)
    else:
        PcdFile.from_xyzi_points(np.column_stack([xyz, intensity]).astype(np.float32)).save(path)
    return path


def cuboid_json(key: str, object_key: str, position, dimensions, yaw: float = 0.0) -> dict:
    return {
        "key": key,
        "objectKey": object_key,
        "geometryType": "cuboid_3d",
        "geometry": {
            "position": dict(zip("xyz", map(float, position), strict=True)),
            "rotation": {"x": 0.0, "y": 0.0, "z": float(yaw)},
            "dimensions": dict(zip("xyz", map(float, dimensions), strict=True)),
        },
    }


def sample_annotation(point_cloud_id: int = 1) -> PointCloudAnnotation:
    """A car (ground truth) at (5, 3), a pedestrian (ground truth) at (-8, -4), and a
    predicted car (with confidence) next to the real one."""
    return PointCloudAnnotation.from_json(
        {
            "key": "ann",
            "tags": [{"name": "weather", "value": "sunny", "key": "t1"}],
            "objects": [
                {"key": "o1", "classTitle": "car", "tags": []},
                {"key": "o2", "classTitle": "pedestrian", "tags": [{"name": "occluded"}]},
                {"key": "o3", "classTitle": "car_pred", "tags": [{"name": "confidence", "value": 0.81}]},
            ],
            "figures": [
                cuboid_json("f1", "o1", (5, 3, 0.8), (4, 2, 1.6)),
                cuboid_json("f2", "o2", (-8, -4, 0.9), (0.8, 0.8, 1.8)),
                cuboid_json("f3", "o3", (5.3, 3.2, 0.8), (4, 2, 1.6), yaw=0.1),
            ],
        },
        point_cloud_id,
    )


SAMPLE_BOXES = [(5, 3, 0.8, 4, 2, 1.6), (-8, -4, 0.9, 0.8, 0.8, 1.8)]

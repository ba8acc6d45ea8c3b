"""A point-cloud project for server tests, built straight into the database next
to world.py's: alice's team A gets project "Scans" (point_clouds; datasets
scans1 with 3 point clouds, scans2 with 2; classes car and pedestrian
(cuboid_3d), box (rectangle); tags night (on point clouds) and confidence (on
objects)). scans1[0] has one car with a cuboid and the tag night; the files
are real PCD files in the server's storage folder (binary; scans1[1] ascii)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from pypcd4 import Encoding, PointCloud

from desktop_app.server.db.models import AnnotationObject, Dataset, Figure, Image, ImageTag, ObjClass, Project, TagMeta
from desktop_app.server.point_clouds.add import facts_of
from desktop_app.server.point_clouds.blobs import blob_path, put_blob
from desktop_app.server.point_clouds.pcd import MIME

CUBOID = {
    "position": {"x": 4.0, "y": 1.0, "z": 0.8},
    "rotation": {"x": 0.0, "y": 0.0, "z": 0.3},
    "dimensions": {"x": 4.2, "y": 1.8, "z": 1.5},
}
CAR_KEY = "0f6c1e2a3b4c4d5e8f9a0b1c2d3e4f50"


def pcd_bytes(n: int = 2000, seed: int = 0, ascii: bool = False, intensity: bool = True) -> bytes:
    """A small scene: a 40 x 20 m ground plane with a box-shaped heap of points."""
    rng = np.random.default_rng(seed)
    ground = np.column_stack([rng.uniform(-20, 20, n), rng.uniform(-10, 10, n), rng.normal(0, 0.03, n)])
    heap = np.column_stack([rng.uniform(2, 6, n // 4), rng.uniform(0, 2, n // 4), rng.uniform(0, 1.5, n // 4)])
    xyz = np.vstack([ground, heap]).astype(np.float32)
    if intensity:
        pc = PointCloud.from_xyzi_points(np.column_stack([xyz, rng.uniform(0, 1, len(xyz))]).astype(np.float32))
    else:
        pc = PointCloud.from_xyz_points(xyz)
    out = io.BytesIO()
    pc.save(out, encoding=Encoding.ASCII if ascii else Encoding.BINARY)
    return out.getvalue()


@dataclass
class PcdWorld:
    ids: dict[str, int] = field(default_factory=dict)
    clouds: dict[str, list[int]] = field(default_factory=dict)  # dataset key -> point cloud ids

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def add_cloud(s, storage_dir, project: Project, dataset: Dataset, name: str, data: bytes) -> Image:
    facts = facts_of(data)
    hash_ = put_blob(storage_dir, data)
    cloud = Image(
        dataset_id=dataset.id,
        project_id=project.id,
        name=name,
        hash=hash_,
        mime=MIME,
        size=facts.size,
        width=facts.width,
        height=facts.height,
        points_count=facts.points_count,
        storage_path=blob_path(hash_),
    )
    s.add(cloud)
    s.flush()
    return cloud


def build_pcd_world(live, world) -> PcdWorld:
    w = PcdWorld()
    storage_dir = live.server.settings.storage_dir
    with live.sessions()() as s, s.begin():
        p1 = s.get(Project, world["p1"])
        project = Project(workspace_id=p1.workspace_id, team_id=p1.team_id, name="Scans", type="point_clouds")
        s.add(project)
        s.flush()
        d1, d2 = Dataset(project_id=project.id, name="scans1"), Dataset(project_id=project.id, name="scans2")
        s.add_all([d1, d2])
        s.flush()
        car = ObjClass(project_id=project.id, title="car", shape="cuboid_3d", color="#E53935")
        pedestrian = ObjClass(project_id=project.id, title="pedestrian", shape="cuboid_3d", color="#1E88E5")
        box = ObjClass(project_id=project.id, title="box", shape="rectangle", color="#43A047")
        night = TagMeta(project_id=project.id, name="night", value_type="none", applicable_type="imagesOnly")
        confidence = TagMeta(
            project_id=project.id, name="confidence", value_type="any_number", applicable_type="objectsOnly"
        )
        s.add_all([car, pedestrian, box, night, confidence])
        s.flush()
        w.clouds = {
            "scans1": [
                add_cloud(s, storage_dir, project, d1, f"scan_{i}.pcd", pcd_bytes(seed=i, ascii=i == 1)).id
                for i in range(3)
            ],
            "scans2": [add_cloud(s, storage_dir, project, d2, f"far_{i}.pcd", pcd_bytes(seed=10 + i)).id for i in range(2)],
        }
        first = w.clouds["scans1"][0]
        obj = AnnotationObject(image_id=first, dataset_id=d1.id, class_id=car.id, key=CAR_KEY, tags=[])
        s.add(obj)
        s.flush()
        s.add(Figure(image_id=first, class_id=car.id, object_id=obj.id, geometry_type="cuboid_3d", points=CUBOID))
        s.add(ImageTag(image_id=first, tag_meta_id=night.id, value=None))
        s.get_one(Image, first).labels_count = 1
        w.ids.update(
            project=project.id,
            d1=d1.id,
            d2=d2.id,
            car=car.id,
            pedestrian=pedestrian.id,
            box=box.id,
            night=night.id,
            confidence=confidence.id,
            car_object=obj.id,
        )
    return w

"""The point-cloud demo project "Street scans demo": generated lidar-like street
scenes (a ground plane, building walls on both sides, parked and passing cars,
pedestrians and cyclists as clusters of points on their surfaces), written as
binary PCD files into the storage folder, with a cuboid ground truth for every
object and model predictions, some of them wrong.

Predictions follow the image demo's convention (builder.py): a class
"<title>_pred" per class, and the confidence as the object tag
CONFIDENCE_TAG. Some objects are missed, some predictions are false positives
(a box where nothing is, with a low confidence).

Deterministic (seeded) and idempotent: nothing is written when the project
exists. Needs the image demo's team, workspace and user (build_demo first)."""

from __future__ import annotations

import io
import math
import uuid
from dataclasses import dataclass

import numpy as np
from pypcd4 import Encoding, PointCloud
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.annotation_objects.tags import numbered
from desktop_app.server.db.models import (
    AnnotationObject,
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
    User,
)
from desktop_app.server.demo.builder import DEMO_LOGIN, TEAM, WORKSPACE
from desktop_app.server.point_clouds.add import facts_of
from desktop_app.server.point_clouds.blobs import blob_path, put_blob
from desktop_app.server.point_clouds.pcd import MIME
from desktop_app.server.settings import ServerSettings
from desktop_app.server.users.bootstrap import ensure_team, ensure_workspace
from desktop_app.shared.predictions import CONFIDENCE_TAG

PROJECT = "Street scans demo"
DATASETS = ("downtown", "residential")
SCENES_PER_DATASET = 4
# title -> (colour, prediction colour, size (length, width, height) in metres, how many per scene)
CLASSES = {
    "car": ("#E53935", "#F48FB1", (4.3, 1.8, 1.5), (2, 5)),
    "pedestrian": ("#1E88E5", "#81D4FA", (0.6, 0.6, 1.75), (1, 4)),
    "cyclist": ("#43A047", "#C5E1A5", (1.8, 0.7, 1.7), (0, 2)),
}
MISSED_SHARE = 0.12  # ground-truth objects the model did not find
FALSE_POSITIVE_SHARE = 0.5  # scenes with one prediction where nothing is
NAMESPACE = uuid.UUID("0b6f3d0e-2a55-4d8e-9c61-7d1f3c2b9e10")


@dataclass(frozen=True)
class Box:
    title: str
    x: float
    y: float
    z: float  # centre
    length: float
    width: float
    height: float
    yaw: float

    def geometry(self) -> dict[str, dict[str, float]]:
        r = lambda v: round(float(v), 3)  # noqa: E731
        return {
            "position": {"x": r(self.x), "y": r(self.y), "z": r(self.z)},
            "rotation": {"x": 0.0, "y": 0.0, "z": r(self.yaw)},
            "dimensions": {"x": r(self.length), "y": r(self.width), "z": r(self.height)},
        }


def _box_surface(rng: np.random.Generator, box: Box, n: int) -> np.ndarray:
    """Points on the sides and top of a box (what a scanner sees of a car or a person)."""
    u = rng.uniform(-0.5, 0.5, (n, 3))
    face = rng.integers(0, 5, n)  # 0..3 sides, 4 top
    u[face == 0, 0], u[face == 1, 0] = -0.5, 0.5
    u[face == 2, 1], u[face == 3, 1] = -0.5, 0.5
    u[face == 4, 2] = 0.5
    local = u * [box.length, box.width, box.height]
    c, s = math.cos(box.yaw), math.sin(box.yaw)
    x = local[:, 0] * c - local[:, 1] * s + box.x
    y = local[:, 0] * s + local[:, 1] * c + box.y
    return np.column_stack([x, y, local[:, 2] + box.z])


def _scene(rng: np.random.Generator) -> tuple[np.ndarray, list[Box]]:
    """Points (n, 4: x y z intensity) and the objects of one street scene."""
    length, half_width = rng.uniform(50, 70), rng.uniform(9, 12)
    n_ground = int(rng.integers(14000, 30000))
    ground = np.column_stack(
        [
            rng.uniform(-length / 2, length / 2, n_ground),
            rng.uniform(-half_width, half_width, n_ground),
            rng.normal(0, 0.02, n_ground),
        ]
    )
    walls = []
    for side in (-1, 1):
        n = int(rng.integers(3000, 8000))
        walls.append(
            np.column_stack(
                [
                    rng.uniform(-length / 2, length / 2, n),
                    np.full(n, side * half_width) + rng.normal(0, 0.05, n),
                    rng.uniform(0, rng.uniform(6, 15), n),
                ]
            )
        )
    boxes = []
    for title, (_c, _p, (bl, bw, bh), (low, high)) in CLASSES.items():
        for _ in range(int(rng.integers(low, high + 1))):
            on_sidewalk = title == "pedestrian"
            y = (
                rng.uniform(half_width - 3, half_width - 1) * rng.choice([-1, 1])
                if on_sidewalk
                else rng.uniform(-half_width + 2, half_width - 2)
            )
            scale = rng.uniform(0.9, 1.1)
            yaw = (
                float(rng.choice([0.0, math.pi])) + rng.normal(0, 0.15)
                if title != "pedestrian"
                else rng.uniform(-math.pi, math.pi)
            )
            boxes.append(
                Box(
                    title,
                    rng.uniform(-length / 2 + 4, length / 2 - 4),
                    y,
                    bh * scale / 2,
                    bl * scale,
                    bw * scale,
                    bh * scale,
                    yaw,
                )
            )
    objects = [_box_surface(rng, b, int(rng.integers(300, 1200))) for b in boxes]
    xyz = np.vstack([ground, *walls, *objects])
    intensity = np.concatenate(
        [
            rng.uniform(0.05, 0.2, len(ground)),
            *(rng.uniform(0.2, 0.5, len(w)) for w in walls),
            *(rng.uniform(0.5, 1.0, len(o)) for o in objects),
        ]
    )
    return np.column_stack([xyz, intensity]).astype(np.float32), boxes


def _pcd(points: np.ndarray) -> bytes:
    out = io.BytesIO()
    PointCloud.from_xyzi_points(points).save(out, encoding=Encoding.BINARY)
    return out.getvalue()


def _jitter(rng: np.random.Generator, box: Box) -> Box:
    return Box(
        box.title,
        box.x + rng.normal(0, 0.25),
        box.y + rng.normal(0, 0.15),
        box.z + rng.normal(0, 0.05),
        box.length * rng.uniform(0.9, 1.1),
        box.width * rng.uniform(0.9, 1.1),
        box.height * rng.uniform(0.95, 1.05),
        box.yaw + rng.normal(0, 0.08),
    )


def _predictions(rng: np.random.Generator, truth: list[Box]) -> list[tuple[Box, float]]:
    out = [(_jitter(rng, b), round(float(rng.uniform(0.6, 0.99)), 2)) for b in truth if rng.random() >= MISSED_SHARE]
    if rng.random() < FALSE_POSITIVE_SHARE:
        title = str(rng.choice(list(CLASSES)))
        bl, bw, bh = CLASSES[title][2]
        ghost = Box(title, rng.uniform(-20, 20), rng.uniform(-6, 6), bh / 2, bl, bw, bh, rng.uniform(-math.pi, math.pi))
        out.append((ghost, round(float(rng.uniform(0.3, 0.7)), 2)))
    return out


def build_point_cloud_demo(session: Session, settings: ServerSettings, *, seed: int = 0) -> int:
    """Create the point-cloud demo project unless it exists; returns its id."""
    team = ensure_team(session, TEAM, "Demo data generated by the bundled server")
    workspace = ensure_workspace(session, team, WORKSPACE)
    existing = session.scalar(select(Project.id).where(Project.workspace_id == workspace.id, Project.name == PROJECT))
    if existing is not None:
        return existing
    user = session.scalar(select(User).where(User.login == DEMO_LOGIN))
    project = Project(
        workspace_id=workspace.id,
        team_id=team.id,
        name=PROJECT,
        type="point_clouds",
        created_by=user.id if user else None,
        description="Street scans with cuboid ground truth and model predictions (demo data)",
    )
    session.add(project)
    session.flush()
    classes: dict[str, ObjClass] = {}
    for title, (color, pred_color, _size, _n) in CLASSES.items():
        classes[title] = ObjClass(
            project_id=project.id, title=title, shape="cuboid_3d", color=color, description=f"ground truth: {title}"
        )
        classes[f"{title}_pred"] = ObjClass(
            project_id=project.id,
            title=f"{title}_pred",
            shape="cuboid_3d",
            color=pred_color,
            description=f"model prediction: {title}",
        )
    confidence = TagMeta(
        project_id=project.id,
        name=CONFIDENCE_TAG,
        value_type="any_number",
        applicable_type="objectsOnly",
        color="#6D4C41",
    )
    # Scan tags to filter by and to edit in the viewer, as in the image demo.
    weather = TagMeta(
        project_id=project.id,
        name="weather",
        value_type="oneof_string",
        values=["dry", "wet"],
        applicable_type="imagesOnly",
        color="#00897B",
    )
    reviewed = TagMeta(
        project_id=project.id, name="reviewed", value_type="none", applicable_type="imagesOnly", color="#3949AB"
    )
    session.add_all([*classes.values(), confidence, weather, reviewed])
    session.flush()
    rng = np.random.default_rng(seed)
    login = user.login if user else None
    for ds_name in DATASETS:
        dataset = Dataset(project_id=project.id, name=ds_name, created_by=project.created_by)
        session.add(dataset)
        session.flush()
        for i in range(SCENES_PER_DATASET):
            points, truth = _scene(rng)
            data = _pcd(points)
            facts, hash_ = facts_of(data), put_blob(settings, data)
            cloud = Image(
                dataset_id=dataset.id,
                project_id=project.id,
                name=f"{ds_name}_{i:03d}.pcd",
                hash=hash_,
                mime=MIME,
                size=facts.size,
                width=facts.width,
                height=facts.height,
                points_count=facts.points_count,
                storage_path=blob_path(hash_),
                created_by=project.created_by,
            )
            session.add(cloud)
            session.flush()
            session.add(
                ImageTag(
                    image_id=cloud.id, tag_meta_id=weather.id, value="wet" if i % 3 == 2 else "dry", labeler_login=login
                )
            )
            boxes: list[tuple[Box, ObjClass, float | None]] = [(b, classes[b.title], None) for b in truth]
            boxes += [(b, classes[f"{b.title}_pred"], score) for b, score in _predictions(rng, truth)]
            for n, (box, cls, score) in enumerate(boxes):
                key = uuid.uuid5(NAMESPACE, f"{seed}:{cloud.name}:{n}").hex
                obj = AnnotationObject(
                    image_id=cloud.id, dataset_id=dataset.id, class_id=cls.id, key=key, tags=[], labeler_login=login
                )
                session.add(obj)
                session.flush()
                if score is not None:
                    obj.tags = numbered(obj.id, [], [{"tagId": confidence.id, "name": CONFIDENCE_TAG, "value": score}])
                session.add(
                    Figure(
                        image_id=cloud.id,
                        class_id=cls.id,
                        object_id=obj.id,
                        geometry_type="cuboid_3d",
                        points=box.geometry(),
                        labeler_login=login,
                    )
                )
            cloud.labels_count = len(boxes)
    session.flush()
    return project.id

"""A point-cloud project on the real bundled server, next to the demo's image
project: "Street scans" with one dataset of `CLOUDS` point clouds (real .pcd
files, a ground with boxes of points where the cuboids stand), classes car,
pedestrian, car_pred (cuboid_3d), tags weather (one of sunny / rain, on
point clouds), checked (no value), confidence (on objects). Rows are written
to the database as the server tests do; every annotation goes in through
the server's own point-clouds.annotations.save, as the app saves them.

`cloud_state` is an AppState with that project open."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.server.db.models import Dataset, ObjClass, Project, TagMeta
from desktop_app.server.settings import ServerSettings
from tests.point_cloud_samples import cuboid_json, scene_points, write_pcd
from tests.server.pcd_world import add_cloud

CLOUDS = 4
POINTS = 6000


def boxes_of(i: int) -> list[tuple[float, float, float, float, float, float]]:
    """Cloud i: a car at (5 - i, 3) and a pedestrian at (-8, -4 + i)."""
    return [(5 - i, 3, 0.8, 4, 2, 1.6), (-8, -4 + i, 0.9, 0.8, 0.8, 1.8)]


def annotation_of(i: int) -> dict:
    """Ground truth for both boxes, and a prediction of the car (with confidence) on every other cloud."""
    (cx, cy, cz, dx, dy, dz), (px, py, pz, *psize) = boxes_of(i)
    objects = [
        {"key": f"{i:02d}000000000000000000000000000001", "classTitle": "car", "tags": []},
        {"key": f"{i:02d}000000000000000000000000000002", "classTitle": "pedestrian", "tags": []},
    ]
    figures = [
        cuboid_json(f"{i:02d}f00000000000000000000000000001", objects[0]["key"], (cx, cy, cz), (dx, dy, dz)),
        cuboid_json(f"{i:02d}f00000000000000000000000000002", objects[1]["key"], (px, py, pz), psize),
    ]
    if i % 2 == 0:
        key = f"{i:02d}000000000000000000000000000003"
        objects.append({"key": key, "classTitle": "car_pred", "tags": [{"name": "confidence", "value": 0.87}]})
        figures.append(
            cuboid_json(f"{i:02d}f00000000000000000000000000003", key, (cx + 0.4, cy, cz), (dx, dy, dz), 0.1)
        )
    return {"tags": [{"name": "weather", "value": "sunny"}], "objects": objects, "figures": figures}


@dataclass
class CloudWorld:
    project_id: int
    dataset_id: int
    cloud_ids: list[int]
    token: str
    url: str


def seed_street_scans(
    sessions,
    settings: ServerSettings,
    workspace_id: int,
    team_id: int,
    folder: Path,
    *,
    clouds: int = CLOUDS,
    points: int = POINTS,
) -> tuple[int, int, list[int]]:
    """The project's rows and files, written to the server's database: (project id, dataset id, cloud ids)."""
    with sessions() as s, s.begin():
        project = Project(workspace_id=workspace_id, team_id=team_id, name="Street scans", type="point_clouds")
        s.add(project)
        s.flush()
        dataset = Dataset(project_id=project.id, name="scans")
        s.add(dataset)
        s.flush()
        s.add_all(
            [
                ObjClass(project_id=project.id, title="car", shape="cuboid_3d", color="#E53935"),
                ObjClass(project_id=project.id, title="pedestrian", shape="cuboid_3d", color="#1E88E5"),
                ObjClass(project_id=project.id, title="car_pred", shape="cuboid_3d", color="#FDD835"),
                TagMeta(
                    project_id=project.id,
                    name="weather",
                    value_type="oneof_string",
                    values=["sunny", "rain"],
                    applicable_type="imagesOnly",
                ),
                TagMeta(project_id=project.id, name="checked", value_type="none", applicable_type="imagesOnly"),
                TagMeta(
                    project_id=project.id, name="confidence", value_type="any_number", applicable_type="objectsOnly"
                ),
            ]
        )
        ids = []
        for i in range(clouds):
            xyz, intensity = scene_points(points, boxes_of(i), seed=i)
            data = write_pcd(folder / f"scan_{i}.pcd", xyz, intensity).read_bytes()
            ids.append(add_cloud(s, settings, project, dataset, f"scan_{i}.pcd", data).id)
        return project.id, dataset.id, ids


@pytest.fixture
def cloud_world(live, demo, tmp_path) -> CloudWorld:
    summary = demo.summary
    project_id, dataset_id, ids = seed_street_scans(
        live.sessions(), live.server.settings, summary.workspace_id, summary.team_id, tmp_path
    )
    for i, cloud_id in enumerate(ids):
        answer = live.call(
            "point-clouds.annotations.save",
            {"pointCloudId": cloud_id, "annotation": annotation_of(i)},
            token=demo.token,
        )
        assert answer.status_code == 200, answer.text
    return CloudWorld(project_id, dataset_id, ids, demo.token, demo.url)


@pytest.fixture
def cloud_state(qloop, qtbot, cloud_world, tmp_path):
    state = AppState(ApiClient(cloud_world.url, cloud_world.token), tmp_path / "outbox.sqlite")
    state.start()
    task = qloop.create_task(state.open_project(cloud_world.project_id))
    qtbot.waitUntil(task.done, timeout=10000)
    task.result()
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)

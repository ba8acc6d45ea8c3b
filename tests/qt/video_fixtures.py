"""A video project next to the image demo, on the same real bundled server:
what the video UI tests drive.

"Traffic clips test" (type videos) in the demo's workspace: classes car,
person and car_pred (a model's output, with a confidence tag), tags weather
(oneof sun/rain) and confidence (objects only). Dataset "day" holds three
generated clips, "night" one (tests/fixtures/video_clips.py: a white square
moving right). Every clip has a car object whose box follows the square on
every frame, a car_pred object two pixels off on every frame, and clip 0 a
person object on frames 10-20. Video tag weather=sun on frames 0-17."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.server import blobs
from desktop_app.server.db.models import (
    AnnotationObject,
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
)
from tests.fixtures.video_clips import clip_bytes, square_box

FRAMES, FPS, WIDTH, HEIGHT = 36, 12, 320, 180
PERSON_FRAMES = range(10, 21)
PERSON_BOX = (200, 100, 260, 170)
WEATHER_RANGE = [0, 17]


@dataclass
class VideoProject:
    project_id: int
    dataset_ids: dict[str, int] = field(default_factory=dict)
    video_ids: list[int] = field(default_factory=list)  # in id order: day 0-2, night 0
    class_ids: dict[str, int] = field(default_factory=dict)


def _box(edges) -> dict:
    """Edges (right/bottom exclusive) as a stored video rectangle: inclusive pixels, as the SDK's."""
    left, top, right, bottom = edges
    return {"exterior": [[left, top], [right - 1, bottom - 1]], "interior": []}


def build_video_project(live, demo) -> VideoProject:
    settings = live.server.app.state.settings
    data = clip_bytes(frames=FRAMES, fps=FPS, width=WIDTH, height=HEIGHT)
    with live.sessions()() as s, s.begin():
        project = Project(
            workspace_id=demo.summary.workspace_id,
            team_id=demo.summary.team_id,
            name="Traffic clips test",
            type="videos",
        )
        s.add(project)
        s.flush()
        out = VideoProject(project.id)
        classes = {
            "car": ObjClass(project_id=project.id, title="car", shape="rectangle", color="#E6194B"),
            "person": ObjClass(project_id=project.id, title="person", shape="rectangle", color="#3CB44B"),
            "car_pred": ObjClass(project_id=project.id, title="car_pred", shape="rectangle", color="#F58231"),
        }
        weather = TagMeta(project_id=project.id, name="weather", value_type="oneof_string", values=["sun", "rain"])
        confidence = TagMeta(
            project_id=project.id, name="confidence", value_type="any_number", applicable_type="objectsOnly"
        )
        s.add_all([*classes.values(), weather, confidence])
        s.flush()
        out.class_ids = {title: c.id for title, c in classes.items()}
        blob = blobs.save(settings, io.BytesIO(data))
        for name, count in (("day", 3), ("night", 1)):
            dataset = Dataset(project_id=project.id, name=name)
            s.add(dataset)
            s.flush()
            out.dataset_ids[name] = dataset.id
            for n in range(count):
                first = not out.video_ids
                video = Image(
                    dataset_id=dataset.id,
                    project_id=project.id,
                    name=f"{name}_{n}.mp4",
                    hash=blob.hash,
                    mime="video/mp4",
                    size=len(data),
                    width=WIDTH,
                    height=HEIGHT,
                    frames_count=FRAMES,
                    frame_rate=float(FPS),
                    storage_path=blobs.storage_path(blob.hash),
                    labels_count=3 if first else 2,
                )
                s.add(video)
                s.flush()
                out.video_ids.append(video.id)
                _annotate(s, video, classes, confidence, weather, with_person=first)
    return out


def _annotate(s, video, classes, confidence, weather, *, with_person: bool) -> None:
    def obj(title: str, tags=()) -> AnnotationObject:
        row = AnnotationObject(image_id=video.id, class_id=classes[title].id, key=uuid.uuid4().hex, tags=list(tags))
        s.add(row)
        s.flush()
        return row

    car = obj("car")
    pred = obj("car_pred", [{"id": 1, "tagId": confidence.id, "name": "confidence", "value": 0.8}])
    for frame in range(FRAMES):
        left, top, right, bottom = square_box(frame)
        for row, dx in ((car, 0), (pred, 2)):
            s.add(
                Figure(
                    image_id=video.id,
                    class_id=row.class_id,
                    object_id=row.id,
                    frame_index=frame,
                    geometry_type="rectangle",
                    points=_box((left + dx, top, min(right + dx, WIDTH), bottom)),
                    tags=list(row.tags),
                )
            )
    if with_person:
        person = obj("person")
        for frame in PERSON_FRAMES:
            s.add(
                Figure(
                    image_id=video.id,
                    class_id=person.class_id,
                    object_id=person.id,
                    frame_index=frame,
                    geometry_type="rectangle",
                    points=_box(PERSON_BOX),
                    tags=[],
                )
            )
    s.add(ImageTag(image_id=video.id, tag_meta_id=weather.id, value="sun", frame_range=WEATHER_RANGE))


@pytest.fixture
def video_project(live, demo) -> VideoProject:
    return build_video_project(live, demo)


@pytest.fixture
def video_state(qloop, qtbot, demo, video_project, tmp_path):
    """An AppState with the video project open (its cache folder in tmp_path)."""
    api = ApiClient(demo.url, demo.token)
    state = AppState(api, tmp_path / "outbox.sqlite", cache_dir=tmp_path / "cache")
    state.start()
    task = qloop.create_task(state.open_project(video_project.project_id))
    qtbot.waitUntil(task.done, timeout=10000)
    task.result()
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)

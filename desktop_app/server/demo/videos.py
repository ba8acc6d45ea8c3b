"""The video demo project "Traffic clips demo": six short clips in two
datasets, coloured silhouettes (car, person, bicycle, dog) moving across a
street, each tracked frame by frame as a ground-truth object, plus the
model's predictions in the image demo's convention (class "<title>_pred",
object tag "confidence"), some missing frames and some plain wrong (a class
that is not there).

Like demo images, demo videos have no stored file: the clip is drawn from
the ground truth in the database and encoded (H.264, PyAV) on first request,
then cached (videos/files.py). So building the project writes rows only
(fast, idempotent); `serve --demo` calls build_video_demo after build_demo.

Boxes are in the SDK's video form: pixels, right and bottom inclusive."""

from __future__ import annotations

import io
import random
import uuid
from dataclasses import dataclass, field

import numpy as np
from PIL import ImageDraw
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

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
    User,
)
from desktop_app.server.demo.builder import CLASSES, DEMO_LOGIN, TEAM, WORKSPACE
from desktop_app.server.demo.render import Box, _background, _draw_silhouette
from desktop_app.server.evaluation.recompute import evaluate_project
from desktop_app.server.settings import ServerSettings
from desktop_app.server.timeutil import utcnow
from desktop_app.server.users.bootstrap import ensure_member, ensure_team, ensure_user, ensure_workspace
from desktop_app.shared.predictions import CONFIDENCE_TAG

PROJECT = "Traffic clips demo"
DATASETS = (("junction", 3), ("crosswalk", 3))
SIZES = ((320, 240), (256, 192), (160, 120))
RATES = (10, 12, 15)
TAGS: tuple[tuple[str, str, list[str], str, str], ...] = (
    # name, value_type, values, applicable_type, color
    ("weather", "oneof_string", ["sunny", "rain", "fog"], "imagesOnly", "#00897B"),
    ("busy", "none", [], "imagesOnly", "#3949AB"),  # with a frameRange: when the street is busy
    (CONFIDENCE_TAG, "any_number", [], "objectsOnly", "#6D4C41"),
)
MATCHED_SHARE = 0.85  # ground-truth objects the model tracked
FALSE_POSITIVE_SHARE = 0.5  # clips with a prediction of a class that is not there


@dataclass(frozen=True)
class VideoDemoSummary:
    project_id: int
    dataset_ids: list[int] = field(default_factory=list)
    video_count: int = 0
    created: bool = False  # False when the project was already there


@dataclass
class _Track:
    title: str  # class title, "_pred" for predictions
    boxes: dict[int, tuple[int, int, int, int]]  # frame -> (left, top, right, bottom), inclusive
    confidence: float | None = None


def _clamp(box: tuple[float, float, float, float], width: int, height: int) -> tuple[int, int, int, int] | None:
    left, top, right, bottom = (round(v) for v in box)
    left, top = max(0, left), max(0, top)
    right, bottom = min(width - 1, right), min(height - 1, bottom)
    return (left, top, right, bottom) if right - left >= 3 and bottom - top >= 3 else None


def _ground_truth(rng: random.Random, title: str, width: int, height: int, frames: int) -> _Track:
    """An object crossing the frame at a steady speed during part of the clip."""
    _c, _p, _w, (amin, amax), (hmin, hmax) = CLASSES[title]
    bh = height * rng.uniform(hmin, hmax) * 0.8
    bw = min(width * 0.5, bh * rng.uniform(amin, amax))
    first = rng.choice((0, 0, rng.randint(0, frames // 3)))
    last = rng.choice((frames - 1, frames - 1, rng.randint(2 * frames // 3, frames - 1)))
    rightwards = rng.random() < 0.5
    x0 = rng.uniform(-bw * 0.3, width * 0.3) if rightwards else rng.uniform(width * 0.5, width - bw * 0.7)
    speed = rng.uniform(0.4, 1.0) * width / frames * (1 if rightwards else -1)
    top = rng.uniform(height * 0.45, height - bh)
    boxes = {}
    for f in range(first, last + 1):
        x = x0 + speed * (f - first)
        bob = 2 * np.sin(f / 2.0) if title in ("person", "dog") else 0.0
        box = _clamp((x, top + bob, x + bw, top + bob + bh), width, height)
        if box is not None:
            boxes[f] = box
    return _Track(title, boxes)


def _prediction(rng: random.Random, truth: _Track, width: int, height: int) -> _Track:
    """The model's track of a ground-truth object: jittered boxes, found a few frames late."""
    late = rng.choice((0, 0, 1, 2, 3))
    boxes = {}
    for f, (left, top, right, bottom) in sorted(truth.boxes.items())[late:]:
        dx, dy = max(1, (right - left) // 12), max(1, (bottom - top) // 12)
        box = _clamp(
            (
                left + rng.randint(-dx, dx),
                top + rng.randint(-dy, dy),
                right + rng.randint(-dx, dx),
                bottom + rng.randint(-dy, dy),
            ),
            width,
            height,
        )
        if box is not None:
            boxes[f] = box
    return _Track(f"{truth.title}_pred", boxes, round(rng.uniform(0.6, 0.99), 2))


def _false_positive(rng: random.Random, title: str, width: int, height: int, frames: int) -> _Track:
    """A short track of a class the clip does not show."""
    fake = _ground_truth(rng, title, width, height, frames)
    start = rng.randint(0, max(0, frames - 8))
    kept = {f: b for f, b in fake.boxes.items() if start <= f < start + rng.randint(4, 8)}
    return _Track(f"{title}_pred", kept, round(rng.uniform(0.3, 0.7), 2))


def _clip_tracks(rng: random.Random, width: int, height: int, frames: int) -> list[_Track]:
    titles = list(CLASSES)
    truth = [
        _ground_truth(rng, rng.choices(titles, [CLASSES[t][2] for t in titles])[0], width, height, frames)
        for _ in range(rng.randint(1, 3))
    ]
    truth = [t for t in truth if t.boxes]
    tracks = list(truth)
    tracks += [_prediction(rng, t, width, height) for t in truth if rng.random() < MATCHED_SHARE]
    absent = [t for t in titles if t not in {g.title for g in truth}]
    if absent and rng.random() < FALSE_POSITIVE_SHARE:
        tracks.append(_false_positive(rng, rng.choice(absent), width, height, frames))
    return [t for t in tracks if t.boxes]


def _create_meta(session: Session, project: Project) -> tuple[dict[str, int], dict[str, int]]:
    classes = []
    for title, (color, pred_color, *_rest) in CLASSES.items():
        classes.append(
            ObjClass(
                project_id=project.id, title=title, shape="rectangle", color=color, description=f"ground truth: {title}"
            )
        )
        classes.append(
            ObjClass(
                project_id=project.id,
                title=f"{title}_pred",
                shape="rectangle",
                color=pred_color,
                description=f"model prediction: {title}",
            )
        )
    tags = [
        TagMeta(project_id=project.id, name=name, value_type=vt, values=values, applicable_type=applies, color=color)
        for name, vt, values, applies, color in TAGS
    ]
    session.add_all([*classes, *tags])
    session.flush()
    return {c.title: c.id for c in classes}, {t.name: t.id for t in tags}


def _store_rendered(session: Session, settings: ServerSettings, video: Image) -> None:
    blob = blobs.save(settings, io.BytesIO(render_clip(session, video)))
    video.hash, video.size, video.storage_path = blob.hash, blob.size, blobs.storage_path(blob.hash)


def _add_clip(session: Session, rng: random.Random, dataset: Dataset, name: str, user: User, classes, tags) -> Image:
    width, height = rng.choice(SIZES)
    fps = rng.choice(RATES)
    frames = int(fps * rng.uniform(2.0, 3.0))
    tracks = _clip_tracks(rng, width, height, frames)
    video = Image(
        dataset_id=dataset.id,
        project_id=dataset.project_id,
        name=name,
        hash=uuid.UUID(int=rng.getrandbits(128)).hex,
        mime="video/mp4",
        size=0,  # known once the clip is rendered, as for demo images
        width=width,
        height=height,
        frames_count=frames,
        frame_rate=float(fps),
        storage_path=None,
        labels_count=len(tracks),
        created_by=user.id,
    )
    session.add(video)
    session.flush()
    session.add(
        ImageTag(
            image_id=video.id,
            tag_meta_id=tags["weather"],
            value=rng.choice(["sunny", "rain", "fog"]),
            labeler_login=DEMO_LOGIN,
        )
    )
    if len(tracks) > 2:
        first = rng.randint(0, frames // 2)
        session.add(
            ImageTag(
                image_id=video.id,
                tag_meta_id=tags["busy"],
                frame_range=[first, min(frames - 1, first + frames // 3)],
                labeler_login=DEMO_LOGIN,
            )
        )
    objects = [
        AnnotationObject(
            image_id=video.id,
            dataset_id=dataset.id,
            class_id=classes[t.title],
            key=uuid.UUID(int=rng.getrandbits(128)).hex,
            tags=[]
            if t.confidence is None
            else [{"id": 2**42 + 1, "tagId": tags[CONFIDENCE_TAG], "name": CONFIDENCE_TAG, "value": t.confidence}],
            labeler_login=DEMO_LOGIN,
        )
        for t in tracks
    ]
    session.add_all(objects)
    session.flush()
    for obj in objects:  # the object tag id rule of annotation_objects/tags.py
        obj.tags = [{**tag, "id": 2**42 + obj.id * 1024 + 1} for tag in obj.tags]
    now = utcnow()
    session.execute(
        insert(Figure),
        [
            {
                "image_id": video.id,
                "class_id": obj.class_id,
                "object_id": obj.id,
                "frame_index": f,
                "geometry_type": "rectangle",
                "points": {"exterior": [[b[0], b[1]], [b[2], b[3]]], "interior": []},
                "description": "",
                "tags": [],
                "labeler_login": DEMO_LOGIN,
                "created_at": now,
                "updated_at": now,
            }
            for t, obj in zip(tracks, objects, strict=True)
            for f, b in sorted(t.boxes.items())
        ],
    )
    return video


def build_video_demo(
    session: Session, *, seed: int = 0, admin: User | None = None, settings: ServerSettings | None = None
) -> VideoDemoSummary:
    """Create the video demo project in the demo workspace, unless it exists already.

    Runs inside the caller's transaction; the same seed gives the same rows.
    The demo user keeps its token (build_demo issues it). With `settings` the
    clips are rendered now and stored like uploads (about 0.1 s a clip), so
    their VideoInfo has the file's real size and hash; without, they stay rows
    rendered on first request."""
    team = ensure_team(session, TEAM, "Demo data generated by the bundled server")
    workspace = ensure_workspace(session, team, WORKSPACE)
    user = session.scalar(select(User).where(User.login == DEMO_LOGIN)) or ensure_user(
        session, DEMO_LOGIN, name="Demo user"
    )
    ensure_member(session, team, user, "admin")
    if admin is not None:
        ensure_member(session, team, admin, "admin")
    project = session.scalar(select(Project).where(Project.workspace_id == workspace.id, Project.name == PROJECT))
    if project is not None:
        ids = list(session.scalars(select(Dataset.id).where(Dataset.project_id == project.id).order_by(Dataset.id)))
        count = len(list(session.scalars(select(Image.id).where(Image.project_id == project.id))))
        return VideoDemoSummary(project.id, ids, count, False)
    project = Project(
        workspace_id=workspace.id,
        team_id=team.id,
        name=PROJECT,
        type="videos",
        created_by=user.id,
        description="Short street clips with tracked objects and model predictions (demo data)",
    )
    session.add(project)
    session.flush()
    classes, tags = _create_meta(session, project)
    rng = random.Random(seed)
    datasets = []
    for ds_name, clips in DATASETS:
        dataset = Dataset(project_id=project.id, name=ds_name, created_by=user.id)
        session.add(dataset)
        session.flush()
        datasets.append(dataset)
        for i in range(clips):
            video = _add_clip(session, rng, dataset, f"{ds_name}_{i + 1:02d}.mp4", user, classes, tags)
            if settings is not None:
                _store_rendered(session, settings, video)
    session.flush()
    evaluate_project(session, project.id)  # frame-by-frame triage counts out of the box
    return VideoDemoSummary(project.id, [d.id for d in datasets], sum(n for _d, n in DATASETS), True)


def _ground_truth_by_frame(session: Session, video: Image) -> dict[int, list[Box]]:
    """Boxes of the video's objects that are not predictions, per frame (wire Box: right/bottom exclusive)."""
    rows = session.execute(
        select(Figure.frame_index, Figure.points, AnnotationObject.tags, ObjClass.title, ObjClass.color)
        .join(AnnotationObject, AnnotationObject.id == Figure.object_id)
        .join(ObjClass, ObjClass.id == Figure.class_id)
        .where(Figure.image_id == video.id, Figure.geometry_type == "rectangle")
        .order_by(Figure.object_id, Figure.frame_index)
    ).all()
    out: dict[int, list[Box]] = {}
    for frame, points, tags, title, color in rows:
        if any(isinstance(t, dict) and t.get("name") == CONFIDENCE_TAG for t in tags or []):
            continue
        try:
            (x1, y1), (x2, y2) = points["exterior"][:2]
        except (KeyError, TypeError, ValueError):
            continue  # a malformed figure is skipped rather than breaking the clip
        left, right = sorted((int(x1), int(x2)))
        top, bottom = sorted((int(y1), int(y2)))
        out.setdefault(frame or 0, []).append(Box(title, color, left, top, right + 1, bottom + 1))
    return out


def render_clip(session: Session, video: Image) -> bytes:
    """The demo clip's MP4 bytes: its ground truth drawn on a street, frame by frame."""
    from desktop_app.server.videos.encode import encode_clip  # PyAV: loaded only to render

    width, height = video.width, video.height
    background = _background(random.Random(video.id * 1_000_003 + 11), width, height)
    boxes = _ground_truth_by_frame(session, video)

    def frames():
        for index in range(video.frames_count or 0):
            picture = background.copy()
            draw = ImageDraw.Draw(picture)
            for box in boxes.get(index, []):
                _draw_silhouette(draw, box)
            yield np.asarray(picture.convert("RGB"))

    return encode_clip(frames(), round(video.frame_rate or 10), width, height)

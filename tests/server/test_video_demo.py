"""The video demo project: fast, idempotent and deterministic to build; its
clips are real H.264 video whose pictures show the ground truth; its
annotation keeps the invariants filters rely on; predictions follow the image
demo's convention, with some wrong."""

from __future__ import annotations

import base64
import hashlib
import io
import time
from collections import Counter

import numpy as np
import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

from desktop_app.server.db.models import AnnotationObject, Figure, Image, ImageTag, ObjClass, Project
from desktop_app.server.demo.builder import build_demo
from desktop_app.server.demo.videos import DATASETS, PROJECT, build_video_demo
from desktop_app.shared.predictions import CONFIDENCE_TAG
from tests.server.http_helpers import ok
from tests.server.test_demo import open_db


@pytest.fixture
def sessions(db_url):
    engine, maker = open_db(db_url)
    yield maker
    engine.dispose()


def build(sessions, **kw):
    with sessions() as s, s.begin():
        return build_video_demo(s, **kw)


def rows(sessions, project_id):
    """Every row of the project without ids and times."""
    with sessions() as s:
        videos = s.execute(
            select(
                Image.name,
                Image.width,
                Image.height,
                Image.frames_count,
                Image.frame_rate,
                Image.labels_count,
                Image.hash,
            )
            .where(Image.project_id == project_id)
            .order_by(Image.id)
        ).all()
        objects = s.execute(
            select(Image.name, ObjClass.title, AnnotationObject.key, AnnotationObject.tags)
            .join(Image, Image.id == AnnotationObject.image_id)
            .join(ObjClass, ObjClass.id == AnnotationObject.class_id)
            .where(Image.project_id == project_id)
            .order_by(AnnotationObject.id)
        ).all()
        figures = s.execute(
            select(Image.name, Figure.frame_index, Figure.points)
            .join(Image, Image.id == Figure.image_id)
            .where(Image.project_id == project_id)
            .order_by(Figure.id)
        ).all()
    strip = [(n, t, k, [(x["name"], x["value"]) for x in tags]) for n, t, k, tags in objects]
    return [tuple(r) for r in videos], strip, [tuple(r) for r in figures]


def test_build_is_fast_idempotent_and_deterministic(sessions):
    started = time.perf_counter()
    summary = build(sessions)
    took = time.perf_counter() - started
    assert took < 3.0, f"building the video demo took {took:.2f} s"
    assert summary.created and summary.video_count == 6 and len(summary.dataset_ids) == len(DATASETS)
    first = rows(sessions, summary.project_id)
    again = build(sessions, seed=7)
    assert (again.created, again.project_id, again.video_count) == (False, summary.project_id, 6)
    assert rows(sessions, summary.project_id) == first
    with sessions() as s:
        project = s.get(Project, summary.project_id)
        assert (project.name, project.type) == (PROJECT, "videos")
        s.delete(project)  # same seed on a fresh project: the same rows
        s.commit()
    assert rows(sessions, build(sessions).project_id) == first


def test_annotation_invariants_and_predictions(sessions):
    summary = build(sessions)
    with sessions() as s:
        videos = list(s.scalars(select(Image).where(Image.project_id == summary.project_id)))
        assert len(videos) == 6
        for v in videos:
            assert v.storage_path is None and v.mime == "video/mp4" and 20 <= (v.frames_count or 0) <= 45
            objects = list(s.scalars(select(AnnotationObject).where(AnnotationObject.image_id == v.id)))
            assert v.labels_count == len(objects) >= 1
            for obj in objects:
                figs = list(s.scalars(select(Figure).where(Figure.object_id == obj.id)))
                assert figs and all(f.class_id == obj.class_id and f.image_id == v.id for f in figs)
                assert len({f.frame_index for f in figs}) == len(figs)  # one figure per frame
                for f in figs:
                    (left, top), (right, bottom) = f.points["exterior"]
                    assert 0 <= left < right < v.width and 0 <= top < bottom < v.height
                    assert 0 <= (f.frame_index or 0) < (v.frames_count or 0)
        titles = Counter(
            s.scalars(
                select(ObjClass.title)
                .join(AnnotationObject, AnnotationObject.class_id == ObjClass.id)
                .where(ObjClass.project_id == summary.project_id)
            )
        )
        predictions = list(
            s.scalars(
                select(AnnotationObject)
                .join(ObjClass, ObjClass.id == AnnotationObject.class_id)
                .where(ObjClass.project_id == summary.project_id, ObjClass.title.like("%\\_pred", escape="\\"))
            )
        )
        assert predictions and all([t["name"] for t in p.tags] == [CONFIDENCE_TAG] for p in predictions)
        assert sum(n for t, n in titles.items() if not t.endswith("_pred")) >= 6
        ranged = s.scalar(select(func.count(ImageTag.id)).where(ImageTag.frame_range.is_not(None)))
        assert ranged and ranged >= 1
        # some prediction is wrong: a class its clip has no ground truth of
        wrong = 0
        for v in videos:
            present = {
                t
                for t in s.scalars(
                    select(ObjClass.title)
                    .join(AnnotationObject, AnnotationObject.class_id == ObjClass.id)
                    .where(AnnotationObject.image_id == v.id)
                )
            }
            wrong += sum(1 for t in present if t.endswith("_pred") and t.removesuffix("_pred") not in present)
        assert wrong >= 1


def test_clips_show_their_ground_truth(live):
    with live.sessions()() as s, s.begin():
        token = build_demo(s, size=4).token
        summary = build_video_demo(s)
    listed = ok(live.call("videos.list", {"projectId": summary.project_id}, token))
    assert listed["total"] == 6
    video = listed["entities"][0]
    ann = ok(
        live.call("videos.annotations.bulk.info", {"datasetId": video["datasetId"], "videoIds": [video["id"]]}, token)
    )[0]
    data = live.call("videos.download", {"id": video["id"]}, token).content
    assert data[4:8] == b"ftyp"  # an MP4 file
    info = ok(live.call("videos.info", {"id": video["id"]}, token))
    assert info["fileMeta"]["codecName"] in ("h264", "mpeg4") and info["framesCount"] == video["framesCount"]
    # the preview is the first frame, at the asked size; a ground-truth box is drawn where the annotation says
    w, h = video["frameWidth"], video["frameHeight"]
    preview = live.http.get(f"/previews/q/ext:jpeg/resize:auto:{w}:{h}:0/q:90/plain{video['pathOriginal']}")
    assert preview.status_code == 200
    picture = np.asarray(PILImage.open(io.BytesIO(preview.content)).convert("RGB")).astype(int)
    assert picture.shape == (h, w, 3)
    truth = {o["key"] for o in ann["objects"] if not o["classTitle"].endswith("_pred")}
    first_frame = next(f for f in ann["frames"] if any(fig["objectKey"] in truth for fig in f["figures"]))
    figure = next(fig for fig in first_frame["figures"] if fig["objectKey"] in truth)
    frame = live.call("videos.download-frame", {"videoId": video["id"], "frame": first_frame["index"]}, token)
    pixels = np.asarray(PILImage.open(io.BytesIO(frame.content)).convert("RGB")).astype(int)
    (left, top), (right, bottom) = figure["geometry"]["points"]["exterior"]
    inside = pixels[top : bottom + 1, left : right + 1]
    saturation = (inside.max(axis=2) - inside.min(axis=2)).mean()
    assert saturation > 40, "the box area should show a coloured silhouette, not grey street"


def test_clips_rendered_at_build_report_their_real_file(live):
    """serve --demo renders the clips while building: VideoInfo's size and hash are the file's."""
    with live.sessions()() as s, s.begin():
        token = build_demo(s, size=4).token
        summary = build_video_demo(s, settings=live.server.settings)
    for video in ok(live.call("videos.list", {"projectId": summary.project_id}, token))["entities"]:
        data = live.call("videos.download", {"id": video["id"]}, token).content
        assert data[4:8] == b"ftyp"
        assert int(video["size"]) == len(data) > 0
        assert video["hash"] == base64.b64encode(hashlib.sha256(data).digest()).decode()

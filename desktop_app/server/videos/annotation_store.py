"""Replacing a video's whole annotation (videos.annotations.save): its tags,
objects and figures are swapped for the planned ones in the caller's
transaction, and, as for images and point clouds, the video's
labels_count (its number of objects), times and ann_version follow
(point_clouds/annotation_store.py, which the SDK's piecewise appends use too).

A client that says which version its edit started from gets a 409 instead of
overwriting a newer save; the check runs on the locked row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert

from desktop_app.server.annotation_objects.tags import numbered
from desktop_app.server.annotations.store import check_versions
from desktop_app.server.db.models import AnnotationObject, Figure, ImageTag
from desktop_app.server.evaluation.recompute import evaluate_items
from desktop_app.server.point_clouds.annotation_store import annotation_changed, lock_version
from desktop_app.server.timeutil import utcnow
from desktop_app.server.videos.annotation_check import VideoPlan

CHUNK = 5000  # figure rows per executemany


def replace_video_annotation(
    session, plan: VideoPlan, login: str, expected: Mapping[int, int] | None = None
) -> dict[str, Any]:
    video = plan.video
    check_versions(expected or {}, {video.id: lock_version(session, video.id)})
    session.execute(delete(Figure).where(Figure.image_id == video.id))
    session.execute(delete(AnnotationObject).where(AnnotationObject.image_id == video.id))
    session.execute(delete(ImageTag).where(ImageTag.image_id == video.id))
    video.description = plan.description
    session.add_all(
        ImageTag(
            image_id=video.id,
            tag_meta_id=t["tag_meta_id"],
            value=t["value"],
            frame_range=t["frame_range"],
            labeler_login=login,
        )
        for t in plan.tags
    )
    objects = [
        AnnotationObject(
            image_id=video.id,
            dataset_id=video.dataset_id,
            class_id=o.class_id,
            key=o.key,
            tags=[{**t, "labelerLogin": login} for t in o.tags],
            labeler_login=login,
        )
        for o in plan.objects
    ]
    session.add_all(objects)
    session.flush()  # object ids for the figures and the object tags' ids
    for row in objects:
        row.tags = numbered(row.id, [], row.tags)
    now = utcnow()
    figures = [
        {
            "image_id": video.id,
            "class_id": o.class_id,  # figures.class_id is the object's class, so class filters work
            "object_id": row.id,
            "frame_index": f["frame_index"],
            "geometry_type": f["geometry_type"],
            "points": f["points"],
            "description": "",
            "tags": [],
            "labeler_login": login,
            "created_at": now,
            "updated_at": now,
        }
        for o, row in zip(plan.objects, objects, strict=True)
        for f in o.figures
    ]
    for start in range(0, len(figures), CHUNK):
        session.execute(insert(Figure), figures[start : start + CHUNK])
    session.flush()
    evaluate_items(session, [video.id])  # frame by frame, in the same transaction as the save
    changed = annotation_changed(session, video.id)
    return {"videoId": video.id, "version": changed["version"], "updatedAt": changed["updatedAt"]}

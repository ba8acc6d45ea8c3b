"""Video annotation JSON (videos.annotations.bulk.info), as
supervisely.VideoAnnotation.from_json reads it: size, framesCount, tags
(with frameRange), objects (key, classTitle, tags) and frames
({index, figures: [{key, objectKey, geometryType, geometry}]}), plus the
ids, times and logins the platform sends, and this server's `version`.

Objects keep the key they were saved with; the video, its tags and figures
have no stored key, so theirs are derived from their ids (the same on every
download). Three queries for a whole batch: tags, objects, figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import AnnotationObject, Figure, ObjClass
from desktop_app.server.images.to_json import chunks
from desktop_app.server.point_clouds.keys import derived_key
from desktop_app.server.timeutil import iso
from desktop_app.server.videos.to_json import video_tags_by_id


def _objects(session: Session, ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for part in chunks(list(ids)):
        rows = session.execute(
            select(AnnotationObject, ObjClass.title)
            .join(ObjClass, ObjClass.id == AnnotationObject.class_id)
            .where(AnnotationObject.image_id.in_(part))
            .order_by(AnnotationObject.id)
        ).all()
        for obj, title in rows:
            out[obj.image_id or 0].append((obj, title))
    return out


def _figures(session: Session, ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for part in chunks(list(ids)):
        rows = session.execute(
            select(
                Figure.id,
                Figure.image_id,
                Figure.object_id,
                Figure.class_id,
                Figure.frame_index,
                Figure.geometry_type,
                Figure.points,
                Figure.labeler_login,
                Figure.created_at,
                Figure.updated_at,
            )
            .where(Figure.image_id.in_(part))
            .order_by(Figure.frame_index, Figure.id)
        ).all()
        for r in rows:
            out[r.image_id].append(r)
    return out


def object_json(obj: AnnotationObject, title: str) -> dict[str, Any]:
    tags = [
        {
            **{k: v for k, v in t.items() if k != "labelerLogin"},
            "key": t.get("key") or derived_key("object-tag", t["id"]),
            "labelerLogin": t.get("labelerLogin"),
        }
        for t in obj.tags or []
    ]
    return {
        "id": obj.id,
        "key": obj.key,
        "classId": obj.class_id,
        "classTitle": title,
        "tags": tags,
        "labelerLogin": obj.labeler_login,
        "createdAt": iso(obj.created_at),
        "updatedAt": iso(obj.updated_at),
    }


def frames_json(figures: list[Any], keys: dict[int, str]) -> list[dict[str, Any]]:
    frames: dict[int, list[dict[str, Any]]] = {}
    for f in figures:
        frames.setdefault(f.frame_index or 0, []).append(
            {
                "id": f.id,
                "key": derived_key("figure", f.id),
                "objectId": f.object_id,
                "objectKey": keys.get(f.object_id),
                "classId": f.class_id,
                "geometryType": f.geometry_type,
                "geometry": {"points": f.points},
                "labelerLogin": f.labeler_login,
                "createdAt": iso(f.created_at),
                "updatedAt": iso(f.updated_at),
            }
        )
    return [{"index": index, "figures": figs} for index, figs in sorted(frames.items())]


def video_annotations(session: Session, videos: Sequence[Any]) -> list[dict[str, Any]]:
    ids = [v.id for v in videos]
    tags, objects, figures = video_tags_by_id(session, ids), _objects(session, ids), _figures(session, ids)
    out = []
    for v in videos:
        keys = {obj.id: obj.key for obj, _title in objects.get(v.id, [])}
        out.append(
            {
                "videoId": v.id,
                "videoName": v.name,
                "datasetId": v.dataset_id,
                "createdAt": iso(v.created_at),
                "updatedAt": iso(v.ann_updated_at),
                # Not in the platform's answer (the SDK ignores extra keys): lets a
                # client notice that someone saved this annotation since it read it.
                "version": v.ann_version,
                "key": derived_key("video", v.id),
                "description": v.description or "",
                "size": {"height": v.height, "width": v.width},
                "framesCount": v.frames_count,
                "tags": [{**t, "key": derived_key("video-tag", t["id"])} for t in tags.get(v.id, [])],
                "objects": [object_json(obj, title) for obj, title in objects.get(v.id, [])],
                "frames": frames_json(figures.get(v.id, []), keys),
            }
        )
    return out

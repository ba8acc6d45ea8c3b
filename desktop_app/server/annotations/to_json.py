"""Annotation info JSON (as in docs/wire-contract.md) for a batch of images, from
Figure and ImageTag rows: one query for the figures of the whole batch and one
for its image tags. Figure points are stored in wire form already."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Figure, ObjClass
from desktop_app.server.images.to_json import chunks, tags_by_image
from desktop_app.server.timeutil import iso


def objects_by_image(session: Session, image_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(list(image_ids)):
        rows = session.execute(
            select(
                Figure.id,
                Figure.image_id,
                Figure.class_id,
                Figure.geometry_type,
                Figure.points,
                Figure.description,
                Figure.tags,
                Figure.labeler_login,
                Figure.created_at,
                Figure.updated_at,
                ObjClass.title,
            )
            .join(ObjClass, ObjClass.id == Figure.class_id)
            .where(Figure.image_id.in_(part))
            .order_by(Figure.id)
        ).all()
        for r in rows:
            out[r.image_id].append(
                {
                    "id": r.id,
                    "classId": r.class_id,
                    "classTitle": r.title,
                    "description": r.description,
                    "geometryType": r.geometry_type,
                    "labelerLogin": r.labeler_login,
                    "createdAt": iso(r.created_at),
                    "updatedAt": iso(r.updated_at),
                    "tags": list(r.tags or []),
                    "points": r.points,
                }
            )
    return out


def annotation_info(img: Any, objects: list[dict[str, Any]], tags: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "imageId": img.id,
        "imageName": img.name,
        "datasetId": img.dataset_id,
        "createdAt": iso(img.created_at),
        "updatedAt": iso(img.ann_updated_at),
        # Not in the platform's answer (the SDK ignores extra keys): lets a
        # client notice that someone saved this annotation since it read it.
        "version": img.ann_version,
        "annotation": {
            "description": "",
            "size": {"height": img.height, "width": img.width},
            "tags": tags,
            "objects": objects,
            "customBigData": {},
        },
    }


def annotation_infos(session: Session, images: Sequence[Any]) -> list[dict[str, Any]]:
    ids = [img.id for img in images]
    objects, tags = objects_by_image(session, ids), tags_by_image(session, ids)
    return [annotation_info(img, objects.get(img.id, []), tags.get(img.id, [])) for img in images]

"""The point-cloud annotation JSON (point-clouds.annotations.bulk.info), in the
form supervisely.PointcloudAnnotation.from_json reads:

    {"pointCloudId": 7, "datasetId": 3, "key": "<hex>", "description": "",
     "tags": [{"id", "tagId", "name", "value", "key", "labelerLogin", ...}],
     "objects": [{"id", "key", "classId", "classTitle", "tags": [...], ...}],
     "figures": [{"id", "key", "objectId", "objectKey", "geometryType": "cuboid_3d",
                  "geometry": {"position": {x,y,z}, "rotation": {x,y,z}, "dimensions": {x,y,z}}, ...}],
     "version": 3, "updatedAt": "..."}

Figures carry both objectId and objectKey, so from_json works with and without
a KeyIdMap. `version` is this server's (as in annotations.info)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import AnnotationObject, Figure, ObjClass
from desktop_app.server.images.to_json import chunks, tags_by_image
from desktop_app.server.point_clouds.keys import derived_key
from desktop_app.server.timeutil import iso


def _entity_tag(tag: dict[str, Any]) -> dict[str, Any]:
    return {**tag, "key": derived_key("tag", tag["id"])}


def _object_tag(tag: dict[str, Any]) -> dict[str, Any]:
    out = {"tagId": tag["tagId"], "name": tag["name"], "value": tag.get("value")}
    if tag.get("id") is not None:
        out["id"] = tag["id"]
    out["key"] = tag.get("key") or derived_key("object-tag", tag.get("id") or 0)
    if tag.get("labelerLogin") is not None:
        out["labelerLogin"] = tag["labelerLogin"]
    return out


def _objects(session: Session, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(list(ids)):
        rows = session.execute(
            select(AnnotationObject, ObjClass.title)
            .join(ObjClass, ObjClass.id == AnnotationObject.class_id)
            .where(AnnotationObject.image_id.in_(part))
            .order_by(AnnotationObject.id)
        ).all()
        for obj, title in rows:
            assert obj.image_id is not None
            out[obj.image_id].append(
                {
                    "id": obj.id,
                    "key": obj.key,
                    "classId": obj.class_id,
                    "classTitle": title,
                    "tags": [_object_tag(t) for t in obj.tags or []],
                    "labelerLogin": obj.labeler_login,
                    "createdAt": iso(obj.created_at),
                    "updatedAt": iso(obj.updated_at),
                }
            )
    return out


def _figures(session: Session, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(list(ids)):
        rows = session.execute(
            select(Figure, AnnotationObject.key)
            .join(AnnotationObject, AnnotationObject.id == Figure.object_id)
            .where(Figure.image_id.in_(part))
            .order_by(Figure.id)
        ).all()
        for fig, object_key in rows:
            out[fig.image_id].append(
                {
                    "id": fig.id,
                    "key": derived_key("figure", fig.id),
                    "objectId": fig.object_id,
                    "objectKey": object_key,
                    "classId": fig.class_id,
                    "geometryType": fig.geometry_type,
                    "geometry": fig.points,
                    "labelerLogin": fig.labeler_login,
                    "createdAt": iso(fig.created_at),
                    "updatedAt": iso(fig.updated_at),
                }
            )
    return out


def point_cloud_annotations(session: Session, clouds: Sequence[Any]) -> list[dict[str, Any]]:
    ids = [pc.id for pc in clouds]
    tags, objects, figures = tags_by_image(session, ids), _objects(session, ids), _figures(session, ids)
    return [
        {
            "pointCloudId": pc.id,
            "datasetId": pc.dataset_id,
            "key": derived_key("annotation", pc.id),
            "description": "",
            "tags": [_entity_tag(t) for t in tags.get(pc.id, [])],
            "objects": objects.get(pc.id, []),
            "figures": figures.get(pc.id, []),
            "createdAt": iso(pc.created_at),
            "updatedAt": iso(pc.ann_updated_at),
            "version": pc.ann_version,
        }
        for pc in clouds
    ]

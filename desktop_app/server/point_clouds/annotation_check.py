"""Checks a whole point-cloud annotation against the project's classes and
tags and turns it into the rows to store. Nothing is written here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop_app.server.annotations.check import ANY_SHAPE, ProjectMeta
from desktop_app.server.annotations.input import TagIn
from desktop_app.server.db.models import Image, ObjClass
from desktop_app.server.errors import InvalidInput
from desktop_app.server.point_clouds.annotation_input import PointCloudAnnotationIn
from desktop_app.server.point_clouds.cuboid import CUBOID, check_geometry_type, checked_cuboid
from desktop_app.server.point_clouds.keys import clean_key


@dataclass
class ObjectPlan:
    key: str
    class_id: int
    tags: list[dict[str, Any]]
    figures: list[dict[str, Any]] = field(default_factory=list)  # geometry_type, points


@dataclass
class CloudPlan:
    cloud: Image
    tags: list[dict[str, Any]] = field(default_factory=list)  # tag_meta_id, value
    objects: list[ObjectPlan] = field(default_factory=list)


def check_class_takes_cuboids(cls: ObjClass, where: str) -> None:
    if cls.shape not in (CUBOID, ANY_SHAPE):
        raise InvalidInput(f"{where}: class {cls.title!r} takes {cls.shape} geometry, not {CUBOID}")


def object_tags(meta: ProjectMeta, tags: list[TagIn] | None, where: str) -> list[dict[str, Any]]:
    """Object tags in stored form: [{"tagId", "name", "value", "key"?}]."""
    out = []
    for j, tag in enumerate(tags or []):
        tag_meta, value = meta.tag(tag, "objects", f"{where}.tags[{j}]")
        out.append({"tagId": tag_meta.id, "name": tag_meta.name, "value": value})
    return out


def plan_point_cloud(meta: ProjectMeta, cloud: Image, ann: PointCloudAnnotationIn) -> CloudPlan:
    plan = CloudPlan(cloud)
    for i, tag in enumerate(ann.tags or []):
        tag_meta, value = meta.tag(tag, "images", f"annotation.tags[{i}]")
        plan.tags.append({"tag_meta_id": tag_meta.id, "value": value})
    by_key: dict[str, ObjectPlan] = {}
    by_id: dict[int, ObjectPlan] = {}
    for i, obj in enumerate(ann.objects or []):
        where = f"annotation.objects[{i}]"
        if obj.key is not None and clean_key(obj.key) is None:
            raise InvalidInput(f"{where}.key must be a UUID, got {obj.key!r}")
        key = clean_key(obj.key) or uuid.uuid4().hex
        if key in by_key:
            raise InvalidInput(f"{where}: two objects have the key {key}")
        cls = meta.obj_class(obj, where)  # type: ignore[arg-type]  # has classTitle and classId like ObjectIn
        check_class_takes_cuboids(cls, where)
        planned = ObjectPlan(key, cls.id, object_tags(meta, obj.tags, where))
        by_key[key] = planned
        if obj.id is not None:
            by_id[obj.id] = planned
        plan.objects.append(planned)
    for i, fig in enumerate(ann.figures or []):
        where = f"annotation.figures[{i}]"
        owner = by_key.get(clean_key(fig.objectKey) or "") if fig.objectKey is not None else by_id.get(fig.objectId or 0)
        if owner is None:
            named = fig.objectKey if fig.objectKey is not None else fig.objectId
            raise InvalidInput(f"{where}: object {named!r} is not among the annotation's objects")
        owner.figures.append(
            {"geometry_type": check_geometry_type(fig.geometryType, where), "points": checked_cuboid(fig.geometry, where)}
        )
    return plan

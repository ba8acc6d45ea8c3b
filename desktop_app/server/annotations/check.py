"""Checks one uploaded annotation against its image and the project's meta
(classes, tag metas), and turns it into the Figure and ImageTag rows to store.
Nothing is written here: the whole batch is checked before any write."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.annotations.input import AnnotationIn, ObjectIn, PointsIn, TagIn
from desktop_app.server.db.models import Image, ObjClass, TagMeta
from desktop_app.server.errors import InvalidInput

GEOMETRIES = {"rectangle", "point", "polygon", "line"}
ANY_SHAPE = "any"  # a class of this shape takes every geometry
SANE = 1_000_000  # coordinate limit when the caller skips bounds validation
STRING_VALUE_MAX = 4096


@dataclass
class Plan:
    """What one image's annotation becomes."""

    image: Image
    figures: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)


class ProjectMeta:
    def __init__(self, session: Session, project_id: int) -> None:
        classes = list(session.scalars(select(ObjClass).where(ObjClass.project_id == project_id)))
        tags = list(session.scalars(select(TagMeta).where(TagMeta.project_id == project_id)))
        self.class_by_title = {c.title: c for c in classes}
        self.class_by_id = {c.id: c for c in classes}
        self.tag_by_name = {t.name: t for t in tags}
        self.tag_by_id = {t.id: t for t in tags}

    def obj_class(self, obj: ObjectIn, where: str) -> ObjClass:
        by_title = self.class_by_title.get(obj.classTitle) if obj.classTitle is not None else None
        by_id = self.class_by_id.get(obj.classId) if obj.classId is not None else None
        if obj.classTitle is None and obj.classId is None:
            raise InvalidInput(f"{where}: 'classTitle' or 'classId' is required")
        if obj.classTitle is not None and by_title is None:
            raise InvalidInput(f"{where}: class {obj.classTitle!r} is not in the project meta")
        if obj.classId is not None and by_id is None:
            raise InvalidInput(f"{where}: class id {obj.classId} is not in the project meta")
        if by_title is not None and by_id is not None and by_title is not by_id:
            raise InvalidInput(f"{where}: classTitle {obj.classTitle!r} and classId {obj.classId} disagree")
        found = by_title or by_id
        assert found is not None  # every case without a class was refused above
        return found

    def tag(self, tag: TagIn, target: str, where: str) -> tuple[TagMeta, Any]:
        """The tag meta and checked value of an image tag or object tag."""
        if tag.name is None and tag.tagId is None:
            raise InvalidInput(f"{where}: 'name' or 'tagId' is required")
        meta = self.tag_by_name.get(tag.name) if tag.name is not None else self.tag_by_id.get(tag.tagId or 0)
        if meta is None:
            what = repr(tag.name) if tag.name is not None else f"id {tag.tagId}"
            raise InvalidInput(f"{where}: tag {what} is not in the project meta")
        if tag.tagId is not None and tag.tagId != meta.id:
            raise InvalidInput(f"{where}: tag name {tag.name!r} and tagId {tag.tagId} disagree")
        not_for = {"imagesOnly": "objects", "objectsOnly": "images"}.get(meta.applicable_type)
        if not_for == target:
            raise InvalidInput(f"{where}: tag {meta.name!r} cannot be put on {target}")
        return meta, checked_value(meta, tag.value, where)


def checked_value(meta: TagMeta, value: Any, where: str) -> Any:
    kind = meta.value_type
    if kind == "none":
        if value is not None:
            raise InvalidInput(f"{where}: tag {meta.name!r} takes no value")
        return None
    if value is None:
        raise InvalidInput(f"{where}: tag {meta.name!r} needs a value ({kind})")
    if kind == "any_number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InvalidInput(f"{where}: tag {meta.name!r} needs a number")
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: tag {meta.name!r} needs a string")
    if len(value) > STRING_VALUE_MAX:
        raise InvalidInput(f"{where}: tag {meta.name!r} value is longer than {STRING_VALUE_MAX} characters")
    if kind == "oneof_string" and value not in (meta.values or []):
        raise InvalidInput(f"{where}: {value!r} is not one of the values of tag {meta.name!r}")
    return value


def _check_points(geometry: str, points: PointsIn, image: Image, skip_bounds: bool, where: str) -> None:
    ext = points.exterior
    if geometry == "rectangle":
        if len(ext) != 2:
            raise InvalidInput(f"{where}: a rectangle needs exactly two points [[left, top], [right, bottom]]")
        (left, top), (right, bottom) = ext
        if not (left < right and top < bottom):
            raise InvalidInput(f"{where}: a rectangle needs left < right and top < bottom")
    elif geometry == "point" and len(ext) != 1:
        raise InvalidInput(f"{where}: a point needs exactly one point")
    elif geometry == "polygon" and len(ext) < 3:
        raise InvalidInput(f"{where}: a polygon needs at least three points")
    elif geometry == "line" and len(ext) < 2:
        raise InvalidInput(f"{where}: a line needs at least two points")
    if points.interior and geometry != "polygon":
        raise InvalidInput(f"{where}: only polygons have interior contours")
    if any(len(ring) < 3 for ring in points.interior):
        raise InvalidInput(f"{where}: an interior contour needs at least three points")
    every = [p for ring in [ext, *points.interior] for p in ring]
    if skip_bounds:
        if any(abs(c) > SANE for p in every for c in p):
            raise InvalidInput(f"{where}: coordinates beyond +/-{SANE}")
    elif any(not (0 <= x <= image.width and 0 <= y <= image.height) for x, y in every):
        raise InvalidInput(
            f"{where}: geometry is out of the image bounds ({image.width}x{image.height}); "
            "send skipBoundsValidation=true to store it anyway"
        )


def _figure(meta: ProjectMeta, obj: ObjectIn, image: Image, skip_bounds: bool, where: str) -> dict[str, Any]:
    cls = meta.obj_class(obj, where)
    geometry = obj.geometryType or obj.shape
    if geometry is None:
        raise InvalidInput(f"{where}: 'geometryType' is required")
    if geometry not in GEOMETRIES:
        supported = ", ".join(sorted(GEOMETRIES))
        raise InvalidInput(f"{where}: geometry {geometry!r} is not supported; supported: {supported}")
    if cls.shape not in (geometry, ANY_SHAPE):
        raise InvalidInput(f"{where}: class {cls.title!r} takes {cls.shape} geometry, not {geometry}")
    _check_points(geometry, obj.points, image, skip_bounds, where)
    tags = []
    for j, tag in enumerate(obj.tags or []):
        tag_meta, value = meta.tag(tag, "objects", f"{where}.tags[{j}]")
        tags.append({"tagId": tag_meta.id, "name": tag_meta.name, "value": value})
    return {
        "image_id": image.id,
        "class_id": cls.id,
        "geometry_type": geometry,
        "points": {
            "exterior": [list(p) for p in obj.points.exterior],
            "interior": [[list(p) for p in ring] for ring in obj.points.interior],
        },
        "description": obj.description or "",
        "tags": tags,
    }


def plan_annotation(meta: ProjectMeta, image: Image, ann: AnnotationIn, skip_bounds: bool, where: str) -> Plan:
    if ann.size is not None and not skip_bounds and (ann.size.height, ann.size.width) != (image.height, image.width):
        raise InvalidInput(
            f"{where}: size {ann.size.height}x{ann.size.width} (height x width) does not match "
            f"the image's {image.height}x{image.width}"
        )
    plan = Plan(image)
    for i, obj in enumerate(ann.objects or []):
        plan.figures.append(_figure(meta, obj, image, skip_bounds, f"{where}.objects[{i}]"))
    for i, tag in enumerate(ann.tags or []):
        tag_meta, value = meta.tag(tag, "images", f"{where}.tags[{i}]")
        plan.tags.append({"image_id": image.id, "tag_meta_id": tag_meta.id, "value": value})
    return plan

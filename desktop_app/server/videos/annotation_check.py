"""Checks a whole video annotation (or pieces the SDK appends) against the
video and the project's classes and tags, and turns it into the rows to
store. Nothing is written here; one bad part refuses everything.

Rules: classes and tags must be the project's (with values their type
allows); a frame index or frame range must lie within 0..framesCount-1; a
figure must belong to one of the annotation's objects, have its class's
geometry, and lie within the frame (0..width, 0..height); an object has at
most one figure per frame."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop_app.server.annotations.check import ANY_SHAPE, GEOMETRIES, ProjectMeta
from desktop_app.server.annotations.input import PointsIn
from desktop_app.server.db.models import Image, ObjClass
from desktop_app.server.errors import InvalidInput
from desktop_app.server.point_clouds.keys import clean_key
from desktop_app.server.videos.annotation_input import MAX_FIGURES, VideoAnnotationIn, VideoTagIn


@dataclass
class ObjectPlan:
    key: str
    class_id: int
    tags: list[dict[str, Any]]
    figures: list[dict[str, Any]] = field(default_factory=list)  # frame_index, geometry_type, points


@dataclass
class VideoPlan:
    video: Image
    tags: list[dict[str, Any]] = field(default_factory=list)  # tag_meta_id, value, frame_range
    objects: list[ObjectPlan] = field(default_factory=list)
    description: str = ""


def check_frame(video: Image, index: int, where: str) -> int:
    frames = video.frames_count or 0
    if not 0 <= index < frames:
        raise InvalidInput(f"{where}: frame {index} is outside the video's frames 0..{frames - 1}")
    return index


def check_frame_range(video: Image, frame_range: tuple[int, int] | None, where: str) -> list[int] | None:
    if frame_range is None:
        return None
    first, last = frame_range
    if first > last:
        raise InvalidInput(f"{where}: frameRange [{first}, {last}] ends before it starts")
    check_frame(video, first, f"{where}.frameRange")
    check_frame(video, last, f"{where}.frameRange")
    return [first, last]


def checked_tag(meta: ProjectMeta, video: Image, tag: VideoTagIn, target: str, where: str) -> dict[str, Any]:
    """A video tag ("images": on the video) or object tag ("objects") in stored form."""
    tag_meta, value = meta.tag(tag, target, where)
    out: dict[str, Any] = {"tagId": tag_meta.id, "name": tag_meta.name, "value": value}
    frame_range = check_frame_range(video, tag.frameRange, where)
    if frame_range is not None:
        out["frameRange"] = frame_range
    if clean_key(tag.key) is not None:
        out["key"] = clean_key(tag.key)
    return out


def check_class_geometry(cls: ObjClass, geometry: str | None, where: str) -> str:
    if geometry is None:
        raise InvalidInput(f"{where}: 'geometryType' is required")
    if geometry not in GEOMETRIES:
        raise InvalidInput(
            f"{where}: geometry {geometry!r} is not supported; supported: {', '.join(sorted(GEOMETRIES))}"
        )
    if cls.shape not in (geometry, ANY_SHAPE):
        raise InvalidInput(f"{where}: class {cls.title!r} takes {cls.shape} geometry, not {geometry}")
    return geometry


def checked_points(geometry: str, points: PointsIn, video: Image, where: str) -> dict[str, Any]:
    """Points in the SDK's video form (pixels, a rectangle's right/bottom inclusive), within the frame."""
    ext = points.exterior
    if geometry == "rectangle":
        if len(ext) != 2:
            raise InvalidInput(f"{where}: a rectangle needs exactly two points [[left, top], [right, bottom]]")
        (left, top), (right, bottom) = ext
        if left > right or top > bottom:
            raise InvalidInput(f"{where}: a rectangle needs left <= right and top <= bottom")
    elif geometry == "point" and len(ext) != 1:
        raise InvalidInput(f"{where}: a point needs exactly one point")
    elif geometry == "polygon" and len(ext) < 3:
        raise InvalidInput(f"{where}: a polygon needs at least three points")
    elif geometry == "line" and len(ext) < 2:
        raise InvalidInput(f"{where}: a line needs at least two points")
    if points.interior and geometry != "polygon":
        raise InvalidInput(f"{where}: only polygons have interior contours")
    every = [p for ring in [ext, *points.interior] for p in ring]
    if any(not (0 <= x <= video.width and 0 <= y <= video.height) for x, y in every):
        raise InvalidInput(f"{where}: geometry is outside the frame ({video.width}x{video.height})")
    return {
        "exterior": [list(p) for p in ext],
        "interior": [[list(p) for p in ring] for ring in points.interior],
    }


def plan_video(meta: ProjectMeta, video: Image, ann: VideoAnnotationIn) -> VideoPlan:
    if ann.size is not None and (ann.size.height, ann.size.width) != (video.height, video.width):
        raise InvalidInput(
            f"annotation.size {ann.size.height}x{ann.size.width} (height x width) does not match "
            f"the video's {video.height}x{video.width}"
        )
    if ann.framesCount is not None and ann.framesCount != video.frames_count:
        raise InvalidInput(f"annotation.framesCount {ann.framesCount} is not the video's {video.frames_count}")
    plan = VideoPlan(video, description=ann.description or "")
    for i, tag in enumerate(ann.tags or []):
        stored = checked_tag(meta, video, tag, "images", f"annotation.tags[{i}]")
        plan.tags.append(
            {"tag_meta_id": stored["tagId"], "value": stored["value"], "frame_range": stored.get("frameRange")}
        )
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
        tags = [checked_tag(meta, video, t, "objects", f"{where}.tags[{j}]") for j, t in enumerate(obj.tags or [])]
        planned = ObjectPlan(key, cls.id, tags)
        by_key[key] = planned
        if obj.id is not None:
            by_id[obj.id] = planned
        plan.objects.append(planned)
    placed: set[tuple[str, int]] = set()  # (object key, frame): one figure each
    for i, frame in enumerate(ann.frames or []):
        index = check_frame(video, frame.index, f"annotation.frames[{i}]")
        for j, fig in enumerate(frame.figures):
            where = f"annotation.frames[{i}].figures[{j}]"
            owner = (
                by_key.get(clean_key(fig.objectKey) or "")
                if fig.objectKey is not None
                else by_id.get(fig.objectId or -1)
            )
            if owner is None:
                named = fig.objectKey if fig.objectKey is not None else fig.objectId
                raise InvalidInput(f"{where}: object {named!r} is not among the annotation's objects")
            if (owner.key, index) in placed:
                raise InvalidInput(f"{where}: object {owner.key} has two figures on frame {index}")
            placed.add((owner.key, index))
            geometry = check_class_geometry(meta.class_by_id[owner.class_id], fig.geometryType, where)
            owner.figures.append(
                {
                    "frame_index": index,
                    "geometry_type": geometry,
                    "points": checked_points(geometry, fig.geometry.points, video, where),
                }
            )
            if len(placed) > MAX_FIGURES:
                raise InvalidInput(f"a video annotation holds at most {MAX_FIGURES} figures")
    return plan

"""Records of project meta (classes, tag metas) and annotations (figures, tags).

Coordinates are kept exactly as on the wire: `points.exterior` of a rectangle
is `[[left, top], [right, bottom]]` with right and bottom EXCLUSIVE (edges,
not pixels). `Figure.edges()` gives them as is; `Figure.pixel_box()` gives the
inclusive pixel box the SDK shows (right - 1, bottom - 1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .records import ImageTag, Json, parse_time

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class ObjClass:
    id: int | None
    title: str
    shape: str = "rectangle"
    color: str = "#FF0000"
    hotkey: str = ""
    description: str = ""

    @classmethod
    def from_json(cls, d: Json) -> ObjClass:
        return cls(
            id=d.get("id"),
            title=d.get("title") or "",
            shape=d.get("shape") or "rectangle",
            color=d.get("color") or "#FF0000",
            hotkey=d.get("hotkey") or "",
            description=d.get("description") or "",
        )


@dataclass(frozen=True, slots=True)
class TagMeta:
    id: int | None
    name: str
    value_type: str = "none"  # none | any_string | any_number | oneof_string | date
    values: tuple[Any, ...] = ()
    color: str | None = None
    applicable_type: str = "all"

    @classmethod
    def from_json(cls, d: Json) -> TagMeta:
        return cls(
            id=d.get("id"),
            name=d.get("name") or "",
            value_type=d.get("value_type") or "none",
            values=tuple(d.get("values") or ()),
            color=d.get("color"),
            applicable_type=d.get("applicable_type") or "all",
        )


@dataclass(frozen=True, slots=True)
class ProjectMeta:
    classes: tuple[ObjClass, ...] = ()
    tags: tuple[TagMeta, ...] = ()
    project_type: str | None = None

    @classmethod
    def from_json(cls, d: Json) -> ProjectMeta:
        return cls(
            classes=tuple(ObjClass.from_json(c) for c in d.get("classes") or ()),
            tags=tuple(TagMeta.from_json(t) for t in d.get("tags") or ()),
            project_type=d.get("projectType"),
        )

    def class_by_id(self, class_id: int) -> ObjClass | None:
        return next((c for c in self.classes if c.id == class_id), None)

    def class_by_title(self, title: str) -> ObjClass | None:
        return next((c for c in self.classes if c.title == title), None)

    def tag_by_id(self, tag_id: int) -> TagMeta | None:
        return next((t for t in self.tags if t.id == tag_id), None)

    def tag_by_name(self, name: str) -> TagMeta | None:
        return next((t for t in self.tags if t.name == name), None)


def _points(raw: Any) -> tuple[Point, ...]:
    return tuple((p[0], p[1]) for p in raw or ())


@dataclass(frozen=True, slots=True)
class Figure:
    """One annotation object."""

    class_title: str
    geometry_type: str
    exterior: tuple[Point, ...]
    interior: tuple[tuple[Point, ...], ...] = ()
    class_id: int | None = None
    id: int | None = None
    description: str = ""
    tags: tuple[ImageTag, ...] = ()
    labeler_login: str | None = None

    @classmethod
    def from_json(cls, d: Json) -> Figure:
        points = d.get("points") or {}
        return cls(
            class_title=d.get("classTitle") or "",
            geometry_type=d.get("geometryType") or d.get("shape") or "",
            exterior=_points(points.get("exterior")),
            interior=tuple(_points(ring) for ring in points.get("interior") or ()),
            class_id=d.get("classId"),
            id=d.get("id"),
            description=d.get("description") or "",
            tags=tuple(ImageTag.from_json(t) for t in d.get("tags") or ()),
            labeler_login=d.get("labelerLogin"),
        )

    @classmethod
    def rectangle(
        cls, class_title: str, left: float, top: float, right: float, bottom: float, *, class_id: int | None = None
    ) -> Figure:
        """A box from its edges (right and bottom exclusive, as on the wire)."""
        return cls(class_title, "rectangle", ((left, top), (right, bottom)), class_id=class_id)

    def edges(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the points' bounding box, right/bottom exclusive."""
        if not self.exterior:
            raise ValueError("figure has no points")
        xs = [p[0] for p in self.exterior]
        ys = [p[1] for p in self.exterior]
        return min(xs), min(ys), max(xs), max(ys)

    def pixel_box(self) -> tuple[int, int, int, int]:
        """Inclusive pixel box, as the SDK converts rectangles: round, then -1 on right/bottom."""
        left, top, right, bottom = self.edges()
        return round(left), round(top), round(right) - 1, round(bottom) - 1

    def to_json(self) -> Json:
        """The object as an upload (annotations.bulk.add) carries it."""
        out: Json = {
            "classTitle": self.class_title,
            "description": self.description,
            "tags": [_tag_json(t) for t in self.tags],
            "points": {
                "exterior": [list(p) for p in self.exterior],
                "interior": [[list(p) for p in ring] for ring in self.interior],
            },
            "geometryType": self.geometry_type,
        }
        if self.class_id is not None:
            out["classId"] = self.class_id
        return out


def _tag_json(tag: ImageTag) -> Json:
    out: Json = {"name": tag.name}
    if tag.tag_id is not None:
        out["tagId"] = tag.tag_id
    if tag.value is not None:
        out["value"] = tag.value
    return out


@dataclass(frozen=True, slots=True)
class Annotation:
    """An image's annotation as annotations.info returns it; `raw` keeps the full answer."""

    image_id: int
    width: int | None
    height: int | None
    objects: tuple[Figure, ...] = ()
    tags: tuple[ImageTag, ...] = ()
    description: str = ""
    image_name: str | None = None
    dataset_id: int | None = None
    updated_at: datetime | None = None
    raw: Json = field(default_factory=dict, compare=False)
    # The bundled server's edit counter (annotations.info `version`): send it
    # back as the expected version so a save never overwrites a newer one.
    # None from a server that does not send it (the platform).
    version: int | None = None

    @classmethod
    def from_json(cls, d: Json) -> Annotation:
        ann = d.get("annotation") or {}
        size = ann.get("size") or {}
        return cls(
            image_id=d["imageId"],
            width=size.get("width"),
            height=size.get("height"),
            objects=tuple(Figure.from_json(o) for o in ann.get("objects") or ()),
            tags=tuple(ImageTag.from_json(t) for t in ann.get("tags") or ()),
            description=ann.get("description") or "",
            image_name=d.get("imageName"),
            dataset_id=d.get("datasetId"),
            updated_at=parse_time(d.get("updatedAt")),
            raw=d,
            version=d["version"] if isinstance(d.get("version"), int) else None,
        )

    def to_json(self) -> Json:
        """The annotation body of an upload (Supervisely format, wire coordinates)."""
        return {
            "description": self.description,
            "size": {"height": self.height, "width": self.width},
            "tags": [_tag_json(t) for t in self.tags],
            "objects": [o.to_json() for o in self.objects],
        }

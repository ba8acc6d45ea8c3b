"""A video's annotation as videos.annotations.bulk.info returns it (the
Supervisely video format): video tags with frame ranges, objects (a class and
object tags, shared by the figures of every frame) and, per frame, figures
that each belong to one object.

Unlike image figures, video rectangles travel in the SDK's own video form,
which it converts neither way: pixel coordinates with right and bottom
INCLUSIVE (`[[10, 20], [39, 39]]` covers pixels 10..39). `VideoFigure.edges()`
turns them into the edges (right/bottom exclusive) the rest of the app uses,
`wire_points()` back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .annotation_records import Annotation, Figure, Point
from .records import ImageTag, Json


def _points(raw: Any) -> tuple[Point, ...]:
    return tuple((p[0], p[1]) for p in raw or ())


def _frame_range(raw: Any) -> tuple[int, int] | None:
    if isinstance(raw, (list, tuple)) and len(raw) == 2 and all(isinstance(v, int) for v in raw):
        return int(raw[0]), int(raw[1])
    return None


@dataclass(frozen=True, slots=True)
class VideoTag:
    name: str
    value: Any = None
    frame_range: tuple[int, int] | None = None  # first and last frame, both included; None: the whole video

    @classmethod
    def from_json(cls, d: Json) -> VideoTag:
        return cls(d.get("name") or "", d.get("value"), _frame_range(d.get("frameRange")))

    def to_json(self) -> Json:
        out: Json = {"name": self.name}
        if self.value is not None:
            out["value"] = self.value
        if self.frame_range is not None:
            out["frameRange"] = list(self.frame_range)
        return out


@dataclass(frozen=True, slots=True)
class VideoObject:
    key: str
    class_title: str
    tags: tuple[ImageTag, ...] = ()
    class_id: int | None = None

    @classmethod
    def from_json(cls, d: Json) -> VideoObject:
        return cls(
            d.get("key") or "",
            d.get("classTitle") or "",
            tuple(ImageTag.from_json(t) for t in d.get("tags") or ()),
            d.get("classId"),
        )


@dataclass(frozen=True, slots=True)
class VideoFigure:
    key: str
    object_key: str
    frame: int
    geometry_type: str
    exterior: tuple[Point, ...]

    def edges(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) with right and bottom exclusive, as image boxes are."""
        xs = [p[0] for p in self.exterior]
        ys = [p[1] for p in self.exterior]
        return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def wire_points(left: float, top: float, right: float, bottom: float) -> list[list[float]]:
    """Edges (right/bottom exclusive) as a video rectangle's exterior (inclusive pixels)."""
    return [[left, top], [right - 1, bottom - 1]]


@dataclass(frozen=True, slots=True)
class VideoAnnotation:
    video_id: int
    width: int | None
    height: int | None
    frames_count: int | None
    tags: tuple[VideoTag, ...] = ()
    objects: tuple[VideoObject, ...] = ()
    figures: tuple[VideoFigure, ...] = ()  # of every frame, in frame order
    description: str = ""
    dataset_id: int | None = None
    version: int | None = None  # this server's edit counter: sent back so a save never overwrites a newer one
    raw: Json = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, d: Json) -> VideoAnnotation:
        size = d.get("size") or {}
        figures = []
        for frame in d.get("frames") or ():
            index = int(frame.get("index") or 0)
            for f in frame.get("figures") or ():
                geometry = f.get("geometry") or {}
                points = geometry.get("points") or f.get("points") or {}
                figures.append(
                    VideoFigure(
                        f.get("key") or "",
                        f.get("objectKey") or "",
                        index,
                        f.get("geometryType") or "",
                        _points(points.get("exterior")),
                    )
                )
        return cls(
            video_id=int(d.get("videoId") or d.get("id") or 0),
            width=size.get("width"),
            height=size.get("height"),
            frames_count=d.get("framesCount"),
            tags=tuple(VideoTag.from_json(t) for t in d.get("tags") or ()),
            objects=tuple(VideoObject.from_json(o) for o in d.get("objects") or ()),
            figures=tuple(sorted(figures, key=lambda f: f.frame)),
            description=d.get("description") or "",
            dataset_id=d.get("datasetId"),
            version=d["version"] if isinstance(d.get("version"), int) else None,
            raw=d,
        )

    def object(self, key: str) -> VideoObject | None:
        return next((o for o in self.objects if o.key == key), None)

    def frame_figures(self) -> dict[int, list[Figure]]:
        """Every frame's boxes as image figures (their object's class and tags), in one pass:
        frame -> figures, only frames that have any."""
        objects = {o.key: o for o in self.objects}
        out: dict[int, list[Figure]] = {}
        for figure in self.figures:
            obj = objects.get(figure.object_key)
            if obj is None or not figure.exterior:
                continue
            left, top, right, bottom = figure.edges()
            exterior = ((left, top), (right, bottom))
            out.setdefault(figure.frame, []).append(
                Figure(obj.class_title, figure.geometry_type, exterior, class_id=obj.class_id, tags=obj.tags)
            )
        return out

    def frame_annotation(self, frame: int, dataset_id: int | None = None) -> Annotation:
        """One frame as an image annotation (boxes with their object's class and tags):
        what a gallery tile draws over the preview frame, and what triage matches."""
        objects = tuple(self.frame_figures().get(frame, ()))
        return Annotation(self.video_id, self.width, self.height, objects, dataset_id=dataset_id)

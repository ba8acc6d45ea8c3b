"""What the viewer draws of an annotation: each cuboid with its object's class,
class colour, whether it is a model's prediction (and its confidence), and
the label written beside it. The same list feeds the 3D view, the 2D
projection and the object list, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.api.point_cloud_records import CloudObject, Cuboid, PointCloudAnnotation

from .cloud_draft import confidence, is_prediction

UNKNOWN_CLASS_COLOR = "#9E9E9E"  # a class the project meta does not have


@dataclass(frozen=True, slots=True)
class DrawnCuboid:
    cuboid: Cuboid
    obj: CloudObject
    color: str  # "#RRGGBB"
    predicted: bool
    confidence: float | None

    @property
    def class_title(self) -> str:
        return self.obj.class_title

    @property
    def label(self) -> str:
        return self.class_title if self.confidence is None else f"{self.class_title} {self.confidence:.2f}"


def drawn_cuboids(annotation: PointCloudAnnotation, meta: ProjectMeta | None) -> list[DrawnCuboid]:
    """Every cuboid whose object is in the annotation, ground truth first (predictions drawn over it)."""
    out = []
    for cuboid in annotation.cuboids:
        obj = annotation.object(cuboid.object_key)
        if obj is None:
            continue  # a figure of an object that is gone: nothing to name it by
        cls = meta.class_by_title(obj.class_title) if meta is not None else None
        out.append(
            DrawnCuboid(
                cuboid, obj, cls.color if cls is not None else UNKNOWN_CLASS_COLOR, is_prediction(obj), confidence(obj)
            )
        )
    return sorted(out, key=lambda d: d.predicted)

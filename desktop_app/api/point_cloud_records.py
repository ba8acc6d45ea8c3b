"""Records of point-cloud annotations, as the v3 protocol sends them (a point
cloud itself is an `Image` record with `points_count`, see records.py).

A point cloud's annotation is not an image's: its objects carry the class and
the object tags, and its figures carry the geometry (here `cuboid_3d`: a
position, a rotation in radians about x, y, z and the dimensions along them,
in the cloud's own units) and point to their object by key:

    {key, tags[{name, value}], objects[{key, classTitle, tags}],
     figures[{key, objectKey, geometryType, geometry{position, rotation, dimensions}}]}

`raw` keeps the whole answer, so a save sends back what it did not change
exactly as it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .records import Json, _int

CUBOID = "cuboid_3d"
Vector = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class CloudTag:
    """A tag on a point cloud or an object: its name and value (None for tags without one)."""

    name: str
    value: Any = None
    raw: Json = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, d: Json) -> CloudTag:
        return cls(name=d.get("name") or "", value=d.get("value"), raw=dict(d))

    def text(self) -> str:
        return self.name if self.value is None else f"{self.name}: {self.value}"


@dataclass(frozen=True, slots=True)
class CloudObject:
    key: str
    class_title: str
    tags: tuple[CloudTag, ...] = ()

    @classmethod
    def from_json(cls, d: Json) -> CloudObject:
        return cls(
            key=str(d.get("key") or ""),
            class_title=d.get("classTitle") or "",
            tags=tuple(CloudTag.from_json(t) for t in d.get("tags") or () if isinstance(t, dict)),
        )


def _vector(raw: Any) -> Vector:
    raw = raw if isinstance(raw, dict) else {}
    return tuple(float(raw.get(axis) or 0.0) for axis in "xyz")  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Cuboid:
    """A `cuboid_3d` figure: its centre, its rotation (radians) and its size along x, y, z."""

    key: str
    object_key: str
    position: Vector
    rotation: Vector
    dimensions: Vector

    @classmethod
    def from_json(cls, d: Json) -> Cuboid:
        geometry = d.get("geometry") or {}
        return cls(
            key=str(d.get("key") or ""),
            object_key=str(d.get("objectKey") or ""),
            position=_vector(geometry.get("position")),
            rotation=_vector(geometry.get("rotation")),
            dimensions=_vector(geometry.get("dimensions")),
        )


@dataclass(frozen=True, slots=True)
class PointCloudAnnotation:
    """One point cloud's annotation (point-clouds.annotations.bulk.info); `raw` keeps the answer."""

    point_cloud_id: int | None
    key: str = ""
    tags: tuple[CloudTag, ...] = ()
    objects: tuple[CloudObject, ...] = ()
    cuboids: tuple[Cuboid, ...] = ()
    other_figures: int = 0  # figures of other geometries: kept in `raw`, not drawn
    raw: Json = field(default_factory=dict, compare=False)
    dataset_id: int | None = None
    version: int | None = None  # the bundled server's edit counter: a save expecting it never overwrites a newer one

    @classmethod
    def from_json(cls, d: Json, point_cloud_id: int | None = None) -> PointCloudAnnotation:
        figures = [f for f in d.get("figures") or () if isinstance(f, dict)]
        cuboids = tuple(Cuboid.from_json(f) for f in figures if f.get("geometryType") == CUBOID)
        found = next((d.get(k) for k in ("pointCloudId", "entityId") if isinstance(d.get(k), int)), None)
        return cls(
            point_cloud_id=found if found is not None else point_cloud_id,
            key=str(d.get("key") or ""),
            tags=tuple(CloudTag.from_json(t) for t in d.get("tags") or () if isinstance(t, dict)),
            objects=tuple(CloudObject.from_json(o) for o in d.get("objects") or () if isinstance(o, dict)),
            cuboids=cuboids,
            other_figures=len(figures) - len(cuboids),
            raw=d,
            dataset_id=_int(d.get("datasetId")),
            version=d["version"] if isinstance(d.get("version"), int) else None,
        )

    def object(self, key: str) -> CloudObject | None:
        return next((o for o in self.objects if o.key == key), None)

    def to_json(self) -> Json:
        """The annotation as point-clouds.annotations.save takes it: what was read, unchanged."""
        keep = ("key", "description", "tags", "objects", "figures")
        return {k: v for k, v in self.raw.items() if k in keep}

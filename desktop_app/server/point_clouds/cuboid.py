"""The one figure geometry of point clouds here: cuboid_3d, as the SDK writes it
(geometry/cuboid_3d.py): {"position": {x,y,z}, "rotation": {x,y,z},
"dimensions": {x,y,z}}, rotation in radians, dimensions the box's full sizes.
Stored in Figure.points exactly in this form."""

from __future__ import annotations

import math
from typing import Any

from desktop_app.server.errors import InvalidInput

CUBOID = "cuboid_3d"
PARTS = ("position", "rotation", "dimensions")
AXES = ("x", "y", "z")
SANE = 1e6  # metres; anything beyond is a broken number, not a scene


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput(f"{where} must be a number, got {value!r}")
    if not math.isfinite(value) or abs(value) > SANE:
        raise InvalidInput(f"{where} must be a finite number within +/-{SANE:g}, got {value!r}")
    return value


def checked_cuboid(geometry: Any, where: str) -> dict[str, dict[str, float]]:
    """The geometry in stored form, or InvalidInput saying what is wrong with it."""
    if not isinstance(geometry, dict):
        raise InvalidInput(f"{where}.geometry must be an object with position, rotation and dimensions")
    out: dict[str, dict[str, float]] = {}
    for part in PARTS:
        vector = geometry.get(part)
        if not isinstance(vector, dict):
            raise InvalidInput(f"{where}.geometry.{part} must be an object {{x, y, z}}")
        out[part] = {axis: _number(vector.get(axis), f"{where}.geometry.{part}.{axis}") for axis in AXES}
    if any(size <= 0 for size in out["dimensions"].values()):
        raise InvalidInput(f"{where}.geometry.dimensions must all be greater than 0, got {out['dimensions']}")
    return out


def check_geometry_type(geometry_type: Any, where: str) -> str:
    if geometry_type != CUBOID:
        raise InvalidInput(f"{where}: geometry {geometry_type!r} is not supported for point clouds; supported: {CUBOID}")
    return CUBOID

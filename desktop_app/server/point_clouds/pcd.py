"""Reading PCD files with pypcd4: every encoding it knows (ascii, binary,
binary_compressed), x y z plus optional intensity or rgb. Points with a
non-finite coordinate (NaN marks "no return" in organised clouds) are dropped."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from pypcd4 import PointCloud

MIME = "image/pcd"  # the SDK's mime for .pcd (POINT_CLOUD_MIME_TYPES)


class BadPcd(ValueError):
    """The bytes are not a PCD file this server can read; the message says why."""


@dataclass(frozen=True)
class Cloud:
    xyz: np.ndarray  # (n, 3) float32, finite
    rgb: np.ndarray | None  # (n, 3) uint8, when the file has colour
    intensity: np.ndarray | None  # (n,) float32, when the file has intensity


@dataclass(frozen=True)
class Probe:
    points_count: int  # the POINTS of the file (non-finite points included)
    bounds: tuple[tuple[float, float, float], tuple[float, float, float]] | None  # (min xyz, max xyz) of finite points


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _parse(data: bytes) -> PointCloud:
    if not data.lstrip().startswith((b"#", b"VERSION", b"FIELDS")):
        raise BadPcd("not a PCD file (no PCD header)")
    try:
        return PointCloud.from_fileobj(io.BytesIO(data))  # type: ignore[arg-type]  # any binary file object works
    except Exception as exc:  # pypcd4 raises pydantic, value and struct errors alike
        raise BadPcd(f"not a readable PCD file: {_first_line(exc)}") from None


def read_cloud(data: bytes) -> tuple[Cloud, int]:
    """The finite points of a PCD file and the file's point count."""
    pc = _parse(data)
    fields = tuple(pc.fields)
    if not {"x", "y", "z"} <= set(fields):
        raise BadPcd(f"a PCD file needs fields x, y and z; this one has {', '.join(fields)}")
    try:
        xyz = pc.numpy(("x", "y", "z")).astype(np.float32, copy=False)
        finite = np.isfinite(xyz).all(axis=1)
        rgb = None
        if "rgb" in fields:
            rgb = PointCloud.decode_rgb(pc.numpy(("rgb",)).ravel())[finite].astype(np.uint8)
        intensity = pc.numpy(("intensity",)).ravel()[finite].astype(np.float32) if "intensity" in fields else None
    except Exception as exc:
        raise BadPcd(f"the points of this PCD file cannot be read: {_first_line(exc)}") from None
    return Cloud(xyz[finite], rgb, intensity), int(pc.points)


def probe(data: bytes) -> Probe:
    cloud, count = read_cloud(data)
    if len(cloud.xyz) == 0:
        return Probe(count, None)
    low, high = cloud.xyz.min(axis=0), cloud.xyz.max(axis=0)
    return Probe(count, (tuple(map(float, low)), tuple(map(float, high))))  # type: ignore[arg-type]

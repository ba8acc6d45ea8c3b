"""Reading a .pcd file into numpy arrays (pypcd4 parses ascii, binary and
binary_compressed files). Slow for big clouds (tens of ms per million
points), so callers run it off the GUI thread (`asyncio.to_thread`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pypcd4 import PointCloud as PcdFile


class UnreadableCloud(ValueError):
    """The file is not a point cloud this app can show; str() says why."""


@dataclass(frozen=True, eq=False)
class CloudPoints:
    """The points of a cloud: xyz (N × 3, float32), their intensity when the file has one."""

    xyz: np.ndarray
    intensity: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.xyz.shape[0])

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(lowest x, y, z), (highest x, y, z); zeros for an empty cloud."""
        if not len(self):
            return np.zeros(3, np.float32), np.zeros(3, np.float32)
        return self.xyz.min(axis=0), self.xyz.max(axis=0)


def read_pcd(source: Path | bytes) -> CloudPoints:
    try:
        pcd = PcdFile.from_path(source) if isinstance(source, Path) else PcdFile.from_fileobj(io.BytesIO(source))  # type: ignore[arg-type]
    except Exception as exc:  # pypcd4 raises many kinds (ValueError, KeyError, struct errors)
        raise UnreadableCloud(f"The file is not a readable .pcd point cloud ({exc}).") from exc
    fields = tuple(pcd.fields)
    if not {"x", "y", "z"} <= set(fields):
        raise UnreadableCloud(f"The point cloud has no x, y, z fields (it has: {', '.join(fields)}).")
    xyz = np.asarray(pcd.numpy(("x", "y", "z")), dtype=np.float32).reshape(-1, 3)
    finite = np.isfinite(xyz).all(axis=1)  # NaN marks "no return" in organised clouds
    intensity = None
    if "intensity" in fields:
        intensity = np.asarray(pcd.numpy(("intensity",)), dtype=np.float32).reshape(-1)[finite]
    return CloudPoints(np.ascontiguousarray(xyz[finite]), intensity)

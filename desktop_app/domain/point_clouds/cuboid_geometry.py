"""A cuboid's eight corners and twelve edges in the cloud's coordinates, and
their outline seen from above or from a side (what the 2D projection draws).

Rotation is in radians about x, then y, then z (Supervisely's cuboid_3d; in
practice only the yaw, about z, is non-zero)."""

from __future__ import annotations

import numpy as np

from desktop_app.api.point_cloud_records import Cuboid

# corners as signs of the half-dimensions; bottom face 0-3, top face 4-7
_SIGNS = np.array(
    [[-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1], [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]],
    dtype=np.float64,
)
EDGES = ((0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7))
# the projection planes: which axes go right and up
AXES = {"top": (0, 1), "side": (0, 2), "front": (1, 2)}


def rotation_matrix(rx: float, ry: float, rz: float) -> np.ndarray:
    cx, sx, cy, sy, cz, sz = np.cos(rx), np.sin(rx), np.cos(ry), np.sin(ry), np.cos(rz), np.sin(rz)
    about_x = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    about_y = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    about_z = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return about_z @ about_y @ about_x


def corners(cuboid: Cuboid) -> np.ndarray:
    """8 × 3: the corners (bottom face first)."""
    half = np.asarray(cuboid.dimensions, dtype=np.float64) / 2
    turned = (_SIGNS * half) @ rotation_matrix(*cuboid.rotation).T
    return turned + np.asarray(cuboid.position, dtype=np.float64)


def edge_segments(cuboid: Cuboid) -> np.ndarray:
    """24 × 3: the twelve edges as pairs of points (a GL "lines" plot takes them so)."""
    points = corners(cuboid)
    return np.array([points[i] for edge in EDGES for i in edge])


def projected_edges(cuboid: Cuboid, plane: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The twelve edges seen along the plane's missing axis (from above for "top")."""
    right, up = AXES[plane]
    points = corners(cuboid)
    return [((points[a, right], points[a, up]), (points[b, right], points[b, up])) for a, b in EDGES]


def dashed(segments: np.ndarray, dash: float) -> np.ndarray:
    """Segments (pairs of points, 2K × 3) cut into dashes of length `dash` with gaps
    as long: how a prediction's edges are drawn, apart from solid ground truth."""
    out: list[np.ndarray] = []
    for a, b in zip(segments[0::2], segments[1::2], strict=True):
        length = float(np.linalg.norm(b - a))
        pieces = max(1, int(length / dash))
        if pieces < 3:  # too short to dash: keep it whole
            out.extend((a, b))
            continue
        cuts = np.linspace(0.0, 1.0, pieces + 1)
        for start, end in zip(cuts[0:-1:2], cuts[1::2], strict=False):
            out.extend((a + (b - a) * start, a + (b - a) * end))
    return np.array(out, dtype=np.float64).reshape(-1, 3)

"""A bird's-eye view of a point cloud: looking down the z axis, +x to the right
and +y up, each pixel coloured by the height of its highest point (deep blue
low, through green and yellow, to red high) on a dark background. The picture
keeps the cloud's x:y proportions; its longest side is VIEW_SIDE pixels.

The view is what a point cloud's preview URL shows, and its size is the
point cloud's width and height in the item JSON, so that a client sizing
thumbnails by width/height gets the right aspect."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image as PILImage

from desktop_app.server.point_clouds.pcd import Cloud

VIEW_SIDE = 1024
MIN_SIDE = 64
BACKGROUND = (18, 21, 27)
# Outliers (a stray return 300 m away) would shrink the scene to a dot: the
# view spans the 0.5..99.5 percentiles, heights the 2..98 percentiles.
SPAN_PERCENTILES = (0.5, 99.5)
HEIGHT_PERCENTILES = (2.0, 98.0)
# Height colour map: stops from low to high.
STOPS = np.array(
    [(48, 18, 160), (33, 102, 222), (25, 190, 200), (60, 215, 110), (200, 225, 60), (250, 160, 40), (235, 60, 40)],
    dtype=np.float32,
)


def _span(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    low, high = np.percentile(xyz[:, :2], SPAN_PERCENTILES, axis=0)
    size = np.maximum(high - low, 1e-3)
    pad = size * 0.03
    return low - pad, high + pad


def view_size(cloud: Cloud) -> tuple[int, int]:
    """(width, height) of the view of this cloud."""
    if len(cloud.xyz) == 0:
        return VIEW_SIDE, VIEW_SIDE
    low, high = _span(cloud.xyz)
    w, h = (high - low).tolist()
    scale = VIEW_SIDE / max(w, h)
    return max(MIN_SIDE, round(w * scale)), max(MIN_SIDE, round(h * scale))


def _height_colors(z: np.ndarray) -> np.ndarray:
    low, high = np.percentile(z, HEIGHT_PERCENTILES)
    t = np.clip((z - low) / max(high - low, 1e-3), 0.0, 1.0) * (len(STOPS) - 1)
    i = np.minimum(t.astype(np.int32), len(STOPS) - 2)
    f = (t - i)[:, None]
    return (STOPS[i] * (1 - f) + STOPS[i + 1] * f).astype(np.uint8)


def render_view(cloud: Cloud, quality: int = 90) -> bytes:
    """The bird's-eye view as a JPEG of view_size(cloud)."""
    width, height = view_size(cloud)
    picture = np.empty((height, width, 3), dtype=np.uint8)
    picture[:] = BACKGROUND
    xyz = cloud.xyz
    if len(xyz):
        low, high = _span(xyz)
        cols = ((xyz[:, 0] - low[0]) / (high[0] - low[0]) * (width - 1)).round().astype(np.int64)
        rows = ((high[1] - xyz[:, 1]) / (high[1] - low[1]) * (height - 1)).round().astype(np.int64)
        inside = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)
        colors = cloud.rgb if cloud.rgb is not None else _height_colors(xyz[:, 2])
        # Draw low points first so that the highest point of a pixel wins; each
        # point covers 2x2 pixels so that sparse scans stay visible.
        order = np.argsort(xyz[:, 2][inside], kind="stable")
        r, c, col = rows[inside][order], cols[inside][order], colors[inside][order]
        for dr in (0, 1):
            for dc in (0, 1):
                picture[np.minimum(r + dr, height - 1), np.minimum(c + dc, width - 1)] = col
    out = io.BytesIO()
    PILImage.fromarray(picture, "RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()

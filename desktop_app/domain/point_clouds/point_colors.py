"""Point colours: by height (z) or by intensity, over a perceptual colour map,
as RGBA floats 0..1 (N × 4, what pyqtgraph's GL scatter plot takes). The range
is cut at the 2nd and 98th percentiles so a few outliers (a bird, a mast) do
not wash out the rest."""

from __future__ import annotations

from typing import Literal

import numpy as np

from .pcd_file import CloudPoints

ColorBy = Literal["height", "intensity"]

# a few stops of "turbo" (Google's rainbow map: blue, cyan, green, yellow, red), its darkest
# end left out: the lowest points (the ground, most of a street scene) stay visible on a dark background
_STOPS = np.array(
    [
        [0.24, 0.30, 0.78],
        [0.27, 0.48, 0.95],
        [0.10, 0.78, 0.87],
        [0.36, 0.98, 0.41],
        [0.83, 0.91, 0.21],
        [0.99, 0.60, 0.16],
        [0.80, 0.20, 0.05],
    ],
    dtype=np.float32,
)


def colormap(values: np.ndarray) -> np.ndarray:
    """Values in 0..1 to RGBA (N × 4, float32)."""
    t = np.clip(np.nan_to_num(values.astype(np.float32)), 0, 1) * (len(_STOPS) - 1)
    low = np.minimum(t.astype(np.int32), len(_STOPS) - 2)
    frac = (t - low)[:, None]
    rgb = _STOPS[low] * (1 - frac) + _STOPS[low + 1] * frac
    return np.concatenate([rgb, np.ones((len(values), 1), np.float32)], axis=1)


def normalised(values: np.ndarray) -> np.ndarray:
    if not len(values):
        return values.astype(np.float32)
    low, high = np.percentile(values, [2, 98])
    if high <= low:
        return np.full(len(values), 0.5, np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


def point_colors(points: CloudPoints, by: ColorBy = "height") -> np.ndarray:
    """RGBA per point; by intensity only when the cloud has it (else by height)."""
    source = points.intensity if by == "intensity" and points.intensity is not None else points.xyz[:, 2]
    return colormap(normalised(source))

"""The 3D view (pyqtgraph's GLViewWidget): the points as one scatter plot
(uploaded to the GPU once, so 50k-1M points orbit smoothly), each cuboid as
twelve edges in its class colour (ground truth solid and thicker,
predictions dashed), its label at its top corner, and a ground grid.

Mouse: left-drag orbits, middle-drag (or Ctrl+left) pans, wheel zooms
(GLViewWidget's own). Cameras: reset (a three-quarter view of the whole
cloud), top, side (along y), front (along x)."""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph import Vector
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from desktop_app.domain.point_clouds.cuboid_geometry import corners, dashed, edge_segments
from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid

BACKGROUND = "#1b1d21"
POINT_PX = 2.0
LABEL_FONT = QFont("Sans Serif", 9)
DASH = 0.35  # length of a prediction's dashes, in the cloud's units (metres)
# boxes drawn over the points, not hidden inside them (a box's points fill it)
ON_TOP = {
    GL.GL_DEPTH_TEST: False,
    GL.GL_BLEND: True,
    GL.GL_CULL_FACE: False,
    "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA),
}
# camera angles (degrees): elevation above the ground, azimuth around z
CAMERAS = {"reset": (28.0, -120.0), "top": (90.0, -90.0), "side": (0.0, -90.0), "front": (0.0, 0.0)}


class GLCloudView(gl.GLViewWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloudView3d")
        self.setBackgroundColor(BACKGROUND)
        self.points_item = gl.GLScatterPlotItem(pos=np.zeros((0, 3)), size=POINT_PX, pxMode=True)
        self.points_item.setGLOptions("opaque")
        self.addItem(self.points_item)
        self.grid = gl.GLGridItem()
        self.grid.setColor((255, 255, 255, 40))
        self.addItem(self.grid)
        self.box_items: list[gl.GLLinePlotItem] = []
        self.label_items: list[gl.GLTextItem] = []
        self.cuboids: list[DrawnCuboid] = []
        self.point_count = 0
        self.view_name = "reset"
        self._low = np.zeros(3)
        self._high = np.zeros(3)

    # -- content -----------------------------------------------------------------
    def set_cloud(self, xyz: np.ndarray, colors: np.ndarray) -> None:
        self.point_count = len(xyz)
        self.points_item.setData(pos=xyz, color=colors, size=POINT_PX)
        if len(xyz):
            self._low, self._high = xyz.min(axis=0).astype(float), xyz.max(axis=0).astype(float)
        else:
            self._low = self._high = np.zeros(3)
        span = self._high - self._low
        size = float(max(span[0], span[1], 10.0))
        self.grid.resetTransform()
        self.grid.setSize(size, size)
        self.grid.setSpacing(5.0 if size < 200 else 20.0, 5.0 if size < 200 else 20.0)
        middle = (self._low + self._high) / 2
        self.grid.translate(middle[0], middle[1], self._low[2])
        self.reset_view()

    def set_cuboids(self, cuboids: list[DrawnCuboid], *, show_labels: bool = True) -> None:
        """The cuboids to draw (already filtered by the ground truth / prediction toggles)."""
        for item in self.box_items + self.label_items:
            self.removeItem(item)
        self.box_items, self.label_items, self.cuboids = [], [], list(cuboids)
        for drawn in cuboids:
            color = QColor(drawn.color)
            rgba = (color.redF(), color.greenF(), color.blueF(), 0.85 if drawn.predicted else 1.0)
            segments = edge_segments(drawn.cuboid)
            if drawn.predicted:
                segments = dashed(segments, DASH)
            item = gl.GLLinePlotItem(
                pos=segments, color=rgba, width=1.5 if drawn.predicted else 2.5, mode="lines", antialias=True
            )
            item.setGLOptions(ON_TOP)
            item.setDepthValue(10)  # after the points
            self.addItem(item)
            self.box_items.append(item)
            if show_labels:
                # ground truth labelled at a top corner, a prediction at a bottom one (as the image viewer)
                corner = corners(drawn.cuboid)[1 if drawn.predicted else 4]
                label = gl.GLTextItem(pos=corner, text=drawn.label, color=color, font=LABEL_FONT)
                label.setDepthValue(20)  # painted last: over the boxes' lines
                self.addItem(label)
                self.label_items.append(label)
        self.update()

    def clear_cloud(self) -> None:
        self.set_cuboids([])
        self.points_item.setData(pos=np.zeros((0, 3)))
        self.point_count = 0

    # -- camera ------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        """ "reset", "top", "side" or "front": the whole cloud seen from there."""
        elevation, azimuth = CAMERAS[name]
        span = self._high - self._low
        middle = (self._low + self._high) / 2
        extent = max(float(np.linalg.norm(span)), 1.0)
        self.view_name = name
        self.setCameraPosition(
            pos=Vector(float(middle[0]), float(middle[1]), float(middle[2])),
            distance=extent * (1.05 if name == "reset" else 0.95),
            elevation=elevation,
            azimuth=azimuth,
        )

    def reset_view(self) -> None:
        self.show_view("reset")

    def camera(self) -> tuple[float, float, float, tuple[float, float, float]]:
        """(elevation, azimuth, distance, centre): what the view is looking at, for tests and the status line."""
        params = self.cameraParams()
        center = params["center"]
        return params["elevation"], params["azimuth"], params["distance"], (center.x(), center.y(), center.z())

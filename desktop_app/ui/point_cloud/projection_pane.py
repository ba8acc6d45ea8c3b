"""One 2D projection of the cloud, for where there is no OpenGL: the points
seen from above ("top": x right, y up), from the side ("side": x right, z
up) or from the front ("front": y right, z up), with each cuboid's outline
in its class colour (ground truth solid, predictions dashed) and its label.

The points are drawn into an image with numpy on every paint (a few ms for
50k points; bigger clouds are thinned to `MAX_DRAWN` for drawing), nearer
points over farther ones. Wheel zooms around the mouse, drag pans,
double-click fits."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.point_clouds.cuboid_geometry import AXES, projected_edges
from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid

BACKGROUND = QColor("#1b1d21")
LABEL_BACKGROUND = QColor(20, 22, 26, 200)
MAX_DRAWN = 400_000
ZOOM_STEP = 1.25
TITLES = {"top": "Top view (x →, y ↑)", "side": "Side view (x →, z ↑)", "front": "Front view (y →, z ↑)"}
DEPTH_AXIS = {"top": 2, "side": 1, "front": 0}  # the axis the pane looks along
NEARER_IS_LOWER = {"top": False, "side": True, "front": False}  # seen from +z, from -y, from +x


class ProjectionPane(QWidget):
    def __init__(self, plane: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"projection_{plane}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.plane = plane
        self.cuboids: list[DrawnCuboid] = []
        self.show_labels = True
        self.scale = 1.0  # pixels per unit of the cloud
        self.center = (0.0, 0.0)  # the cloud coordinates at the pane's centre
        self._uv = np.zeros((0, 2), np.float32)
        self._rgba = np.zeros((0, 4), np.uint8)
        self._low = np.zeros(2)
        self._high = np.zeros(2)
        self._fitted = False
        self._drag_from: QPointF | None = None

    # -- content -------------------------------------------------------------------
    def set_plane(self, plane: str, xyz: np.ndarray | None = None, colors: np.ndarray | None = None) -> None:
        self.plane = plane
        self.setObjectName(f"projection_{plane}")
        if xyz is not None and colors is not None:
            self.set_cloud(xyz, colors)
        self.update()

    def set_cloud(self, xyz: np.ndarray, colors: np.ndarray) -> None:
        if len(xyz) > MAX_DRAWN:  # an even thinning keeps the picture; all points stay in the 3D data
            step = int(np.ceil(len(xyz) / MAX_DRAWN))
            xyz, colors = xyz[::step], colors[::step]
        depth = xyz[:, DEPTH_AXIS[self.plane]]
        order = np.argsort(-depth if NEARER_IS_LOWER[self.plane] else depth, kind="stable")  # nearest last
        right, up = AXES[self.plane]
        self._uv = np.ascontiguousarray(xyz[order][:, (right, up)], dtype=np.float32)
        self._rgba = (np.clip(colors[order], 0, 1) * 255).astype(np.uint8)
        if len(self._uv):
            self._low, self._high = self._uv.min(axis=0).astype(float), self._uv.max(axis=0).astype(float)
        else:
            self._low = self._high = np.zeros(2)
        self._fitted = False
        self.fit()

    def set_cuboids(self, cuboids: list[DrawnCuboid], *, show_labels: bool = True) -> None:
        self.cuboids = list(cuboids)
        self.show_labels = show_labels
        self.update()

    @property
    def point_count(self) -> int:
        return len(self._uv)

    # -- mapping -------------------------------------------------------------------
    def fit(self) -> None:
        """The whole cloud in view, the same scale along both axes."""
        span = np.maximum(self._high - self._low, 1e-3)
        width, height = max(self.width(), 1), max(self.height(), 1)
        self.scale = float(min((width - 16) / span[0], (height - 16) / span[1]))
        self.scale = max(self.scale, 1e-3)
        middle = (self._low + self._high) / 2
        self.center = (float(middle[0]), float(middle[1]))
        self._fitted = self.width() > 1
        self.update()

    def to_pixel(self, u: float, v: float) -> QPointF:
        """Where a point of the plane (cloud coordinates) is drawn in the pane."""
        return QPointF(
            self.width() / 2 + (u - self.center[0]) * self.scale, self.height() / 2 - (v - self.center[1]) * self.scale
        )

    def to_cloud(self, point: QPointF) -> tuple[float, float]:
        return (
            self.center[0] + (point.x() - self.width() / 2) / self.scale,
            self.center[1] - (point.y() - self.height() / 2) / self.scale,
        )

    def zoom(self, factor: float, around: QPointF | None = None) -> None:
        around = around if around is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.to_cloud(around)
        self.scale = float(np.clip(self.scale * factor, 1e-3, 1e4))
        after = self.to_cloud(around)
        self.center = (self.center[0] + before[0] - after[0], self.center[1] + before[1] - after[1])
        self.update()

    # -- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self._fitted and self.width() > 1:
            self.fit()
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        image = self._points_image()
        if image is not None:
            painter.drawImage(0, 0, image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for drawn in self.cuboids:
            self._draw_cuboid(painter, drawn)
        painter.setPen(QColor(220, 220, 220))
        painter.drawText(QRectF(8, 4, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft, TITLES[self.plane])
        painter.end()

    def _points_image(self) -> QImage | None:
        width, height = self.width(), self.height()
        if not len(self._uv) or width < 2 or height < 2:
            return None
        x = (width / 2 + (self._uv[:, 0] - self.center[0]) * self.scale).astype(np.int32)
        y = (height / 2 - (self._uv[:, 1] - self.center[1]) * self.scale).astype(np.int32)
        inside = (x >= 0) & (x < width - 1) & (y >= 0) & (y < height - 1)
        x, y, rgba = x[inside], y[inside], self._rgba[inside]
        buffer = np.zeros((height, width, 4), np.uint8)
        buffer[:, :] = (BACKGROUND.red(), BACKGROUND.green(), BACKGROUND.blue(), 255)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):  # 2 × 2 px dots: visible, still fine-grained
            buffer[y + dy, x + dx] = rgba
        image = QImage(buffer.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
        return image.copy()  # owns its pixels: the numpy buffer goes away with this frame

    def _draw_cuboid(self, painter: QPainter, drawn: DrawnCuboid) -> None:
        color = QColor(drawn.color)
        pen = QPen(color, 1.5 if drawn.predicted else 2.0)
        if drawn.predicted:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        edges = projected_edges(drawn.cuboid, self.plane)
        for a, b in edges:
            painter.drawLine(self.to_pixel(*a), self.to_pixel(*b))
        if self.show_labels:
            pixels = [self.to_pixel(*p) for edge in edges for p in edge]
            left = min(p.x() for p in pixels)
            top = min(p.y() for p in pixels)
            bottom = max(p.y() for p in pixels)
            at = QPointF(left, bottom + 12) if drawn.predicted else QPointF(left, top - 3)  # as the image viewer
            text = painter.fontMetrics().boundingRect(drawn.label)
            behind = QRectF(at.x() - 2, at.y() + text.top() - 1, text.width() + 4, text.height() + 2)
            painter.fillRect(behind, LABEL_BACKGROUND)  # readable over dense points
            painter.setPen(color)
            painter.drawText(at, drawn.label)

    def cuboid_rect(self, drawn: DrawnCuboid) -> QRectF:
        """The pixel rectangle a cuboid's outline covers in this pane (for tests and hit-testing)."""
        pixels = [self.to_pixel(*p) for edge in projected_edges(drawn.cuboid, self.plane) for p in edge]
        xs, ys = [p.x() for p in pixels], [p.y() for p in pixels]
        return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))

    # -- mouse ---------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._drag_from = event.position()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_from is None:
            return
        delta = event.position() - self._drag_from
        self._drag_from = event.position()
        self.center = (self.center[0] - delta.x() / self.scale, self.center[1] + delta.y() / self.scale)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._drag_from = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fitted = False  # fit again at the new size on the next paint

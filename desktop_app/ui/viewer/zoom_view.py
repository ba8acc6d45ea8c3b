"""A QGraphicsView for looking at one image closely: the wheel zooms around the
mouse, fit-to-window keeps fitting while the window is resized, and the
picture pans with the middle mouse button or with Space held and a left drag
(Shift+wheel, or the scroll bars, scroll).

Other mouse work (drawing, moving boxes) goes to an optional `tool` with
press/move/release methods that get the event and the scene position and
return True when they used it; panning always comes first."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from desktop_app.qt.annotation_scene import AnnotationScene

MIN_ZOOM, MAX_ZOOM = 0.02, 40.0
STEP = 1.25  # one +/- press
PIXELATED_FROM = 3.0  # zoom at which pixels are shown as squares


class ViewTool(Protocol):
    def press(self, event: QMouseEvent, scene_pos: QPointF) -> bool: ...
    def move(self, event: QMouseEvent, scene_pos: QPointF) -> bool: ...
    def release(self, event: QMouseEvent, scene_pos: QPointF) -> bool: ...


class ZoomView(QGraphicsView):
    zoomChanged = Signal(float)

    def __init__(self, scene: AnnotationScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.tool: ViewTool | None = None
        self._fitted = True
        self._space = False
        self._pan_from: QPoint | None = None
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Dark))
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def annotation_scene(self) -> AnnotationScene:
        return self.scene()  # type: ignore[return-value]

    # -- zoom ----------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    @property
    def fitted(self) -> bool:
        return self._fitted

    def set_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        """Zoom to a scale, keeping the scene point under `anchor` (default: the center) in place."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        anchor = anchor if anchor is not None else self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        self.setTransform(self.transform().fromScale(zoom, zoom))
        moved = self.mapFromScene(fixed) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        self._fitted = False
        self._zoom_changed()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / STEP)

    def fit(self) -> None:
        """The whole image in the window (and kept so while the window is resized)."""
        rect: QRectF = self.annotation_scene().image_rect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True
        self._zoom_changed()

    def _zoom_changed(self) -> None:
        self.annotation_scene().set_pixelated(self.zoom >= PIXELATED_FROM)
        self.zoomChanged.emit(self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier):
            super().wheelEvent(event)  # scroll
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom * STEP**steps, event.position().toPoint())
        event.accept()

    # -- pan and tools ---------------------------------------------------------------
    def _wants_pan(self, event: QMouseEvent) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        )

    def scroll_by(self, delta: QPoint) -> None:
        """Move the picture with the mouse by `delta` view pixels (a pan)."""
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._wants_pan(event):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.tool is not None and self.tool.press(event, self.mapToScene(event.position().toPoint())):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            pos = event.position().toPoint()
            self.scroll_by(pos - self._pan_from)
            self._pan_from = pos
            event.accept()
            return
        if self.tool is not None and self.tool.move(event, self.mapToScene(event.position().toPoint())):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self._set_pan_cursor()
            event.accept()
            return
        if self.tool is not None and self.tool.release(event, self.mapToScene(event.position().toPoint())):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = True
                self._set_pan_cursor()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._set_pan_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._space = False  # the release went to another widget
        self._set_pan_cursor()
        super().focusOutEvent(event)

    def _set_pan_cursor(self) -> None:
        if self._space:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

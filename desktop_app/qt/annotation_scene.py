"""The image and its annotation as a QGraphicsScene: one item per figure of an
AnnotationDraft, kept in step with it (every change of the draft syncs the
items), in the class colors of the project meta.

Scene units are image pixels: the picture covers (0, 0)-(width, height) even
when a smaller preview is shown, so a box's rectangle is exactly its wire
edges (right/bottom exclusive). Ground truth is drawn solid, predictions
(figures of a "<class>_pred" class, shared/predictions.py) dashed with their
confidence, when they carry one, in the label.
Outlines, labels and handles keep their size on screen at any zoom."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.domain.annotation_draft import AnnotationDraft, DraftFigure
from desktop_app.qt.style import DRAWING_OUTLINE, HANDLE_EDGE, HANDLE_FILL, UNKNOWN_CLASS, readable_text_color

OUTLINE_PX = 2
HANDLE_PX = 9
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")  # corners and edge middles, clockwise
LABEL_Z = 60_000  # labels above every box
SELECTED_Z = LABEL_Z - 1  # the selected box above the other boxes (its labels stay readable)
HANDLE_Z = 2 * LABEL_Z  # grips above everything: they must be reachable


def label_text(figure: DraftFigure) -> str:
    confidence = figure.confidence
    return figure.class_title if confidence is None else f"{figure.class_title} {confidence:.2f}"


def handle_point(rect: QRectF, handle: str) -> QPointF:
    x = {"l": rect.left(), "r": rect.right()}.get(handle[-1], rect.center().x())
    y = {"t": rect.top(), "b": rect.bottom()}.get(handle[0], rect.center().y())
    return QPointF(x, y)


class LabelItem(QGraphicsItem):
    """Class name (and confidence) on a tab in the class color: above the top-left corner of
    a ground-truth box, below the bottom-left corner of a prediction (a prediction usually
    sits right on its ground truth, and the two labels would cover each other)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._text = ""
        self._color = QColor(UNKNOWN_CLASS)
        self._font = QFont()
        self._font.setPointSizeF(max(7.5, self._font.pointSizeF() * 0.85))
        self._rect = QRectF()

    @property
    def text(self) -> str:
        return self._text

    def set_label(self, text: str, color: QColor, *, below: bool = False) -> None:
        metrics = QFontMetricsF(self._font)
        self.prepareGeometryChange()
        self._text, self._color = text, color
        height = metrics.height() + 2
        top = 0 if below else -height
        self._rect = QRectF(-OUTLINE_PX / 2, top, metrics.horizontalAdvance(text) + 8, height)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawRect(self._rect)
        painter.setPen(readable_text_color(self._color))
        painter.setFont(self._font)
        painter.drawText(self._rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, self._text)


class HandleItem(QGraphicsRectItem):
    """A resize grip of the selected box, the same size on screen at any zoom."""

    def __init__(self, handle: str, box: BoxItem) -> None:
        half = HANDLE_PX / 2
        super().__init__(-half, -half, HANDLE_PX, HANDLE_PX)  # not a child: above the labels too
        self.handle = handle
        self.box = box
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setPen(QPen(QColor(HANDLE_EDGE), 1))
        self.setBrush(QColor(HANDLE_FILL))
        self.setZValue(HANDLE_Z)


class BoxItem(QGraphicsRectItem):
    """One figure: its outline, its label, and handles while it is selected."""

    def __init__(self, figure: DraftFigure, color: QColor) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the editor reads the mouse, not the items
        self.label = LabelItem()  # not a child: labels stay above every box (the scene adds it)
        self.base_z = 0.0
        self.handles: dict[str, HandleItem] = {}
        self.figure = figure
        self.color = color
        self.selected = False
        self.apply(figure, color)

    @property
    def key(self) -> int:
        return self.figure.key

    @property
    def predicted(self) -> bool:
        return self.figure.is_prediction

    def apply(self, figure: DraftFigure, color: QColor) -> None:
        self.figure, self.color = figure, color
        self.setRect(QRectF(figure.left, figure.top, figure.right - figure.left, figure.bottom - figure.top))
        pen = QPen(color, OUTLINE_PX)
        pen.setCosmetic(True)  # the same width on screen at any zoom
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        if figure.is_prediction:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        below = figure.is_prediction
        self.label.set_label(label_text(figure), color, below=below)
        self.label.setPos(self.rect().bottomLeft() if below else self.rect().topLeft())
        self._place_handles()
        self._fill()

    def set_stacking(self, z: float) -> None:
        self.base_z = z
        self.setZValue(SELECTED_Z if self.selected else z)
        self.label.setZValue(LABEL_Z + z)

    def set_selected(self, on: bool) -> None:
        self.selected = on
        self.setZValue(SELECTED_Z if on else self.base_z)
        scene = self.scene()
        if on and self.figure.editable and not self.handles and scene is not None:
            self.handles = {h: HandleItem(h, self) for h in HANDLES}
            for item in self.handles.values():
                scene.addItem(item)
        elif not on:
            self.drop_handles()
        self._place_handles()
        self._fill()

    def drop_handles(self) -> None:
        for item in self.handles.values():
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.handles = {}

    def _place_handles(self) -> None:
        for name, item in self.handles.items():
            item.setPos(handle_point(self.rect(), name))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.figure.source is None:
            super().paint(painter, option, widget)
            return
        painter.setPen(self.pen())  # a polygon or line: its own outline, not its bounding box
        painter.setBrush(Qt.BrushStyle.NoBrush)
        source = self.figure.source
        painter.drawPath(outline_path(source.exterior, closed=source.geometry_type == "polygon"))

    def _fill(self) -> None:
        fill = QColor(self.color)
        fill.setAlpha(60 if self.selected else 0)
        self.setBrush(QBrush(fill) if self.selected else Qt.BrushStyle.NoBrush)


class AnnotationScene(QGraphicsScene):
    currentChanged = Signal(object)  # key of the selected figure, or None
    contentChanged = Signal()  # the figures were synced from the draft

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.image_item = QGraphicsPixmapItem()
        self.image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image_item.setZValue(-1)
        self.addItem(self.image_item)
        self.preview = QGraphicsRectItem()  # the box being drawn
        pen = QPen(QColor(DRAWING_OUTLINE), 1, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.preview.setPen(pen)
        self.preview.setZValue(HANDLE_Z + 1)
        self.preview.hide()
        self.addItem(self.preview)
        self.draft: AnnotationDraft | None = None
        self._items: dict[int, BoxItem] = {}
        self._colors: dict[str, QColor] = {}
        self._current: int | None = None
        self._width = self._height = 0
        self.show_ground_truth = True
        self.show_predictions = True
        self.show_labels = True

    # -- the picture -------------------------------------------------------------
    def set_image(self, image: QImage | QPixmap | None, width: int, height: int) -> None:
        """The picture, stretched over the image's full size (a preview may be smaller)."""
        self._width, self._height = int(width), int(height)
        pixmap = QPixmap.fromImage(image) if isinstance(image, QImage) else (image or QPixmap())
        self.image_item.setPixmap(pixmap)
        if not pixmap.isNull() and pixmap.width() and pixmap.height():
            self.image_item.setTransform(QTransform.fromScale(width / pixmap.width(), height / pixmap.height()))
        self.setSceneRect(self.image_rect())

    def image_rect(self) -> QRectF:
        return QRectF(0, 0, self._width, self._height)

    def set_pixelated(self, on: bool) -> None:
        """Sharp pixels when zoomed in (precise boxes), smooth when zoomed out."""
        mode = Qt.TransformationMode.FastTransformation if on else Qt.TransformationMode.SmoothTransformation
        if self.image_item.transformationMode() != mode:
            self.image_item.setTransformationMode(mode)

    # -- the annotation ------------------------------------------------------------
    def set_draft(self, draft: AnnotationDraft | None) -> None:
        if self.draft is not None and self.sync in self.draft.listeners:
            self.draft.listeners.remove(self.sync)
        for item in self._items.values():
            self._remove(item)
        self._items = {}
        self.draft = draft
        self._current = None
        if draft is not None:
            self._colors = {c.title: QColor(c.color) for c in draft.meta.classes}
            draft.listeners.append(self.sync)
        self.sync()
        self.currentChanged.emit(None)

    def color_of(self, class_title: str) -> QColor:
        return self._colors.get(class_title, QColor(UNKNOWN_CLASS))

    def sync(self) -> None:
        """Make the items match the draft: new ones added, changed ones updated, gone ones removed."""
        figures = self.draft.figures if self.draft is not None else ()
        alive = set()
        for z, figure in enumerate(figures):
            alive.add(figure.key)
            item = self._items.get(figure.key)
            if item is None:
                item = BoxItem(figure, self.color_of(figure.class_title))
                self._items[figure.key] = item
                self.addItem(item)
                self.addItem(item.label)
            elif item.figure != figure:
                item.apply(figure, self.color_of(figure.class_title))
            item.set_stacking(z)
            self._apply_visibility(item)
        for key in [k for k in self._items if k not in alive]:
            self._remove(self._items.pop(key))
        if self._current is not None and (self._current not in alive or not self._items[self._current].isVisible()):
            self.set_current(None)
        self.contentChanged.emit()

    def _remove(self, item: BoxItem) -> None:
        item.drop_handles()
        self.removeItem(item.label)
        self.removeItem(item)

    def box(self, key: int) -> BoxItem | None:
        return self._items.get(key)

    def boxes(self) -> list[BoxItem]:
        return list(self._items.values())

    # -- selection -----------------------------------------------------------------
    @property
    def current_key(self) -> int | None:
        return self._current

    def set_current(self, key: int | None) -> None:
        if key is not None and (key not in self._items or not self._items[key].isVisible()):
            key = None
        if key == self._current:
            return
        if self._current is not None and self._current in self._items:
            self._items[self._current].set_selected(False)
        self._current = key
        if key is not None:
            self._items[key].set_selected(True)
        self.currentChanged.emit(key)

    # -- toggles -------------------------------------------------------------------
    def set_show_ground_truth(self, on: bool) -> None:
        self.show_ground_truth = bool(on)
        self._refresh_visibility()

    def set_show_predictions(self, on: bool) -> None:
        self.show_predictions = bool(on)
        self._refresh_visibility()

    def set_show_labels(self, on: bool) -> None:
        self.show_labels = bool(on)
        self._refresh_visibility()

    def _refresh_visibility(self) -> None:
        for item in self._items.values():
            self._apply_visibility(item)
        if self._current is not None and not self._items[self._current].isVisible():
            self.set_current(None)

    def _apply_visibility(self, item: BoxItem) -> None:
        item.setVisible(self.show_predictions if item.predicted else self.show_ground_truth)
        item.label.setVisible(self.show_labels and item.isVisible())

    # -- what is under the mouse ---------------------------------------------------
    def handle_at(self, view: QGraphicsView, view_pos) -> tuple[int, str] | None:
        """(figure key, handle name) of the selected box's handle under a viewport position."""
        for item in view.items(view_pos):
            if isinstance(item, HandleItem) and item.isVisible():
                return item.box.key, item.handle
        return None

    def box_at(self, scene_pos: QPointF, *, editable_only: bool = False) -> int | None:
        """The visible box under a point; of nested boxes the smallest (the one meant)."""
        hits = [
            item
            for item in self._items.values()
            if item.isVisible() and item.rect().contains(scene_pos) and (item.figure.editable or not editable_only)
        ]
        if not hits:
            return None
        return min(hits, key=lambda i: (i.rect().width() * i.rect().height(), -i.zValue())).key

    def set_preview(self, rect: QRectF | None) -> None:
        if rect is None:
            self.preview.hide()
        else:
            self.preview.setRect(rect)
            self.preview.show()


def outline_path(points: Iterable[tuple[float, float]], *, closed: bool) -> QPainterPath:
    """A path through wire points (for figures that are not boxes)."""
    path = QPainterPath()
    pts = list(points)
    if pts:
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        if closed:
            path.closeSubpath()
    return path

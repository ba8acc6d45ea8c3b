"""Paints one gallery cell: the thumbnail (or a placeholder of the image's
shape while it loads), its annotation boxes when switched on, the name and
the number of labels. A video's tile is its preview frame with a badge of its
length and frames ("0:03 · 36 f"); a point cloud's is its rendering with its
point count.

Painting runs for every visible cell on every repaint, so it only looks
things up: pens, fonts and metrics are made when the size or the classes
change, never per paint."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.api.records import Image
from desktop_app.qt.annotation_overlay import AnnotationOverlay
from desktop_app.qt.item_columns import length_text
from desktop_app.qt.item_model import ItemRole
from desktop_app.qt.style import UNKNOWN_CLASS
from desktop_app.qt.thumbnails import ThumbnailLoader

PAD = 6  # around the thumbnail, inside the cell
GAP = 4  # between the thumbnail and the text
PREVIEW_WIDTHS = (128, 192, 256, 320, 384, 512, 640)  # preview sizes asked for: few, so the cache is reused
BOX_WIDTH = 2.0
FALLBACK_BOX_COLOR = QColor(UNKNOWN_CLASS)
BADGE_BACKGROUND = QColor(0, 0, 0, 170)  # readable over any picture
BADGE_TEXT = QColor(255, 255, 255)


def preview_width(thumb: int, device_pixel_ratio: float = 1.0) -> int:
    """The smallest preview size at least as wide as the thumbnail on screen."""
    need = thumb * device_pixel_ratio
    return next((w for w in PREVIEW_WIDTHS if w >= need), PREVIEW_WIDTHS[-1])


def labels_text(count: int) -> str:
    return "no labels" if count == 0 else f"{count} label{'s' if count != 1 else ''}"


class ThumbnailDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, overlay: AnnotationOverlay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.overlay = overlay
        self.show_boxes = False
        self.thumb = 160
        self.preview = preview_width(self.thumb)
        self._pens: dict[tuple[int | None, bool], QPen] = {}
        self._colors: dict[int | None, QColor] = {}
        self.configure(160, QFont())

    # -- configuration (not per paint) ------------------------------------------
    def configure(self, thumb: int, font: QFont, device_pixel_ratio: float = 1.0) -> None:
        self.thumb = thumb
        self.preview = preview_width(thumb, device_pixel_ratio)
        self._name_font = QFont(font)
        self._small_font = QFont(font)
        size = font.pointSizeF()
        if size > 0:
            self._small_font.setPointSizeF(max(6.0, size * 0.85))
        self._name_metrics = QFontMetrics(self._name_font)
        self._small_metrics = QFontMetrics(self._small_font)
        self._name_h = self._name_metrics.height()
        self._small_h = self._small_metrics.height()
        self.cell = QSize(thumb + 2 * PAD, PAD + thumb + GAP + self._name_h + self._small_h + PAD)
        self.cell_width = self.cell.width()  # the view may widen cells to fill its width

    def set_class_colors(self, colors: dict[int | None, str]) -> None:
        self._colors = {class_id: QColor(color) for class_id, color in colors.items()}
        self._pens.clear()

    def _pen(self, class_id: int | None, predicted: bool) -> QPen:
        pen = self._pens.get((class_id, predicted))
        if pen is None:
            pen = QPen(self._colors.get(class_id, FALLBACK_BOX_COLOR), BOX_WIDTH)
            pen.setCosmetic(True)
            pen.setStyle(Qt.PenStyle.DashLine if predicted else Qt.PenStyle.SolidLine)
            self._pens[(class_id, predicted)] = pen
        return pen

    # -- painting -----------------------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(self.cell_width, self.cell.height())

    def image_rect(self, cell: QRect, item: Image | None) -> QRect:
        """Where the thumbnail of `item` goes in a cell: its aspect, centered in a square."""
        box = QRect(cell.x() + (cell.width() - self.thumb) // 2, cell.y() + PAD, self.thumb, self.thumb)
        return _fit(box, item.width if item else None, item.height if item else None)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item: Image | None = index.data(ItemRole)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        target = self.image_rect(rect, item)
        pixmap = None
        if item is not None:
            pixmap = self.loader.cache.get((item.id, self.preview))
            if pixmap is None:
                pixmap = self.loader.pixmap(item.id, self.preview, item.preview_url(self.preview))
        if pixmap is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawPixmap(target, pixmap)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Midlight if not selected else QPalette.ColorRole.Mid))
            painter.drawRect(target)
        if item is not None and self.show_boxes:
            self._paint_boxes(painter, item, target)
        if item is not None:
            self._paint_badge(painter, self.badge_text(item), target)
        self._paint_text(painter, option, item, rect, selected)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        painter.restore()

    def _paint_boxes(self, painter: QPainter, item: Image, target: QRect) -> None:
        boxes = self.overlay.boxes(item)
        if not boxes:
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y, w, h = target.x(), target.y(), target.width(), target.height()
        for b in boxes:
            painter.setPen(self._pen(b.class_id, b.predicted))
            painter.drawRect(QRectF(x + b.left * w, y + b.top * h, (b.right - b.left) * w, (b.bottom - b.top) * h))

    @staticmethod
    def badge_text(item: Image) -> str:
        """The length of a video ("0:03 · 36 f") or the points of a point cloud; "" for an image."""
        return length_text(item)

    def _paint_badge(self, painter: QPainter, text: str, target: QRect) -> None:
        if not text:
            return
        text = self._small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, target.width() - 4)
        width = self._small_metrics.horizontalAdvance(text) + 8
        badge = QRect(target.right() - width - 2, target.bottom() - self._small_h - 2, width, self._small_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(QRectF(badge), 3, 3)
        painter.setFont(self._small_font)
        painter.setPen(BADGE_TEXT)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_text(
        self, painter: QPainter, option: QStyleOptionViewItem, item: Image | None, rect: QRect, selected: bool
    ) -> None:
        palette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        width = rect.width() - 2 * PAD
        top = rect.y() + PAD + self.thumb + GAP
        name = item.name if item is not None else "…"
        painter.setFont(self._name_font)
        painter.setPen(palette.color(role))
        painter.drawText(
            QRect(rect.x() + PAD, top, width, self._name_h),
            Qt.AlignmentFlag.AlignHCenter,
            self._name_metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width),
        )
        if item is not None:
            painter.setFont(self._small_font)
            painter.setPen(palette.color(role if selected else QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(rect.x() + PAD, top + self._name_h, width, self._small_h),
                Qt.AlignmentFlag.AlignHCenter,
                labels_text(item.labels_count),
            )


def _fit(box: QRect, width: int | None, height: int | None) -> QRect:
    """The largest rect of the image's aspect inside `box`, centered."""
    if not width or not height:
        return box
    if width >= height:
        h = max(1, round(box.width() * height / width))
        return QRect(box.x(), box.y() + (box.height() - h) // 2, box.width(), h)
    w = max(1, round(box.height() * width / height))
    return QRect(box.x() + (box.width() - w) // 2, box.y(), w, box.height())

"""How one tile of the objects view is painted: the crop centred in a fixed
square (a grey square until it arrives), the class and confidence, then the
item's name, elided. A fixed size hint keeps the list's uniform item sizes
true before any crop has loaded."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD = 6


class ObjectTileDelegate(QStyledItemDelegate):
    def __init__(self, tile: int, parent=None) -> None:
        super().__init__(parent)
        self.tile = tile

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        line = option.fontMetrics.lineSpacing()
        return QSize(self.tile + 2 * PAD, self.tile + 2 * PAD + 2 * line + 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        palette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        square = QRect(rect.left() + (rect.width() - self.tile) // 2, rect.top() + PAD, self.tile, self.tile)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            at = QRect(0, 0, pixmap.width(), pixmap.height())
            at.moveCenter(square.center())
            painter.drawPixmap(at, pixmap)
        else:
            painter.fillRect(square, palette.color(QPalette.ColorRole.AlternateBase))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        metrics = option.fontMetrics
        line = metrics.lineSpacing()
        top = square.bottom() + 4
        for n, part in enumerate(text.split("\n")[:2]):
            box = QRect(rect.left() + 2, top + n * line, rect.width() - 4, line)
            elided = metrics.elidedText(part, Qt.TextElideMode.ElideMiddle, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, elided)

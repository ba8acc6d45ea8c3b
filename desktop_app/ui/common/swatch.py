"""A patch of colour beside a name: a class or tag in a list or combo box
(square), a queue status in a button or menu (round)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

SWATCH_PX = 12


def swatch(color: QColor | str | None, size: int = SWATCH_PX, *, dot: bool = False) -> QPixmap:
    """A square of `color` (a circle when `dot`); transparent when there is no colour."""
    pixmap = QPixmap(size, size)
    if not color or not dot:
        pixmap.fill(QColor(color) if color else Qt.GlobalColor.transparent)
        return pixmap
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return pixmap


def swatch_icon(color: QColor | str | None, size: int = SWATCH_PX, *, dot: bool = False) -> QIcon:
    return QIcon(swatch(color, size, dot=dot))

"""Where a child window opens: centred on the window it came from.

Without a position a top-level child opens wherever the window manager puts
it, often the screen's top-left corner, far from the main window the user is
looking at. It is also kept no larger than the screen, with its title bar on
the screen so it can be moved."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget


def centre_on(child: QWidget, anchor: QWidget | None) -> None:
    """Move (and if need be shrink) `child` so its centre is `anchor`'s window's centre."""
    if anchor is None:
        return
    anchor = anchor.window()
    screen = anchor.screen()
    available = screen.availableGeometry() if screen is not None else QRect()
    if available.isValid():
        child.resize(child.size().boundedTo(available.size()))
    frame = QRect(QPoint(0, 0), child.size())
    frame.moveCenter(anchor.frameGeometry().center())
    top_left = frame.topLeft()
    if available.isValid():  # the title bar stays reachable
        top_left.setX(max(available.left(), min(top_left.x(), available.right() - 100)))
        top_left.setY(max(available.top(), min(top_left.y(), available.bottom() - 100)))
    child.move(top_left)

"""Where a child window opens: centred on the window it came from; and where the
keys go when it closes: back to that window.

Without a position a top-level child opens wherever the window manager puts
it, often the screen's top-left corner, far from the main window the user is
looking at. It is also kept no larger than the screen, with its title bar on
the screen so it can be moved."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
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


class _FocusBack(QObject):
    """On the child's close, activate the window it came from (see `return_focus_on_close`)."""

    def __init__(self, child: QWidget, anchor: QWidget) -> None:
        super().__init__(child)
        self.anchor = anchor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Close and shiboken6.isValid(self.anchor):
            # after the close is done: a close that a prompt calls off keeps the child open
            QTimer.singleShot(0, self._back)
        return False

    def _back(self) -> None:
        child = self.parent()
        if shiboken6.isValid(self.anchor) and (not isinstance(child, QWidget) or not child.isVisible()):
            self.anchor.window().activateWindow()


def return_focus_on_close(child: QWidget, anchor: QWidget) -> None:
    """When `child` (a viewer, the triage or queue work window) closes, its keys go back to
    `anchor`'s window at once: without a window manager that does it (or on some that do
    not), the main window's shortcuts (Ctrl+3, F5…) would wait for a click first."""
    child.installEventFilter(_FocusBack(child, anchor))

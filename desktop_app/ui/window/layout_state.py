"""Sane proportions for the window's docks, also after a squeezed layout was saved.

The left column (collections, labeling queues) gets a minimum width: Qt
restores a saved dock width as it was, so a sidebar once dragged down to a
sliver came back as a sliver on every start. With a minimum on the widgets,
neither a drag nor a restored state goes below it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDEBAR_MIN_WIDTH = 180  # dataset and collection names stay readable
SIDEBAR_DEFAULT_WIDTH = 240
FILTERS_DEFAULT_WIDTH = 290
DEFAULT_SIZE = (1400, 860)


def keep_sane_docks(window: QMainWindow) -> None:
    """Minimum widths of the left column's docks (call once, after they are added)."""
    for dock in left_docks(window):
        dock.widget().setMinimumWidth(SIDEBAR_MIN_WIDTH)


def default_layout(window: QMainWindow) -> None:
    """The first start's size and dock widths (no saved layout)."""
    window.resize(*DEFAULT_SIZE)
    left = left_docks(window)[:1]
    right = [
        d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea
    ]
    docks = left + right[:1]
    widths = [SIDEBAR_DEFAULT_WIDTH] * len(left) + [FILTERS_DEFAULT_WIDTH] * len(right[:1])
    if docks:
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)


def left_docks(window: QMainWindow) -> list[QDockWidget]:
    return [
        d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == Qt.DockWidgetArea.LeftDockWidgetArea
    ]

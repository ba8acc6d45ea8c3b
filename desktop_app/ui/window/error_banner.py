"""Errors shown without a modal box: `ErrorIndicator` is a flat button for the
status bar. A new error shows its text in a warning color for a while, then
the button shrinks to a quiet "⚠ 3" that still opens the list of recent errors."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.qt.resources import icon
from desktop_app.qt.style import error_color, error_text_style

LOUD_MS = 10_000  # how long a new error stays spelled out
KEEP = 20  # errors remembered for the list
TEXT_MAX = 90  # characters spelled out in the status bar (the full text is in the list)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TEXT_MAX else line[: TEXT_MAX - 1] + "…"


class RecentErrors(QDialog):
    """The last errors, newest first, with the time they happened."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recent errors")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel("No errors so far.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        clear = buttons.addButton("Clear", QDialogButtonBox.ButtonRole.ResetRole)
        clear.clicked.connect(self.cleared.emit)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(520, 280)

    def show_errors(self, errors: list[tuple[datetime, str]]) -> None:
        self.list.clear()
        for when, text in reversed(errors):
            item = QListWidgetItem(f"{when:%H:%M:%S}  {text}")
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.setVisible(bool(errors))
        self.empty.setVisible(not errors)


class ErrorIndicator(QToolButton):
    """Shows the newest error, loud for LOUD_MS, then quiet; click for the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: deque[tuple[datetime, str]] = deque(maxlen=KEEP)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIcon(icon("warning", error_color(self.palette())))
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._quiet_timer = QTimer(self, singleShot=True, interval=LOUD_MS)
        self._quiet_timer.timeout.connect(self._go_quiet)
        self._dialog: RecentErrors | None = None
        self.clicked.connect(self.show_list)
        self.setVisible(False)

    @property
    def loud(self) -> bool:
        return self._quiet_timer.isActive()

    def add_error(self, text: str) -> None:
        self.errors.append((datetime.now(), text))
        self.setText(_short(text))
        self.setToolTip(f"{text}\n\nClick to see recent errors.")
        self.setStyleSheet(error_text_style(self.palette(), bold=True))
        self.setVisible(True)
        self._quiet_timer.start()
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.show_errors(list(self.errors))

    def _go_quiet(self) -> None:
        n = len(self.errors)
        self.setText(str(n) if n > 1 else "")
        self.setStyleSheet("")
        self.setToolTip(f"{n} recent error{'s' if n != 1 else ''}: click to see them")

    def clear(self) -> None:
        self.errors.clear()
        self._quiet_timer.stop()
        self.setVisible(False)
        if self._dialog is not None:
            self._dialog.show_errors([])

    def show_list(self) -> None:
        if self._dialog is None:
            self._dialog = RecentErrors(self.window())
            self._dialog.cleared.connect(self.clear)
        self._dialog.show_errors(list(self.errors))
        self._dialog.show()
        self._dialog.raise_()
        top_left = self.mapToGlobal(QPoint(0, 0))
        self._dialog.move(top_left.x(), max(0, top_left.y() - self._dialog.height() - 8))
        self._go_quiet()
        self._quiet_timer.stop()

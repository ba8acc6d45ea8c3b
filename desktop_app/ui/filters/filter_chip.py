"""One filter chip: a check box that switches the filter on or off (its value
is kept) and an × that removes it. A switched-off chip is shown struck out and
dimmed, in the application palette's colors."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QToolButton, QWidget

from desktop_app.qt.style import chip_style

MAX_TEXT_WIDTH = 180  # px, so a chip fits the panel at its minimum width; the tooltip has the whole text


class FilterChip(QFrame):
    toggled = Signal(str, bool)  # filter name, enabled
    removed = Signal(str)  # filter name

    def __init__(self, name: str, text: str, enabled: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"chip-{name}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(chip_style(self.objectName()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 1, 1)
        layout.setSpacing(2)
        self.check = QCheckBox(self)
        self.check.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, MAX_TEXT_WIDTH))
        self.check.setToolTip(f"{text}\nClick to switch this filter {'off' if enabled else 'on'}")
        self.check.setChecked(enabled)
        self.check.toggled.connect(lambda on: self.toggled.emit(self.name, on))
        layout.addWidget(self.check)
        self.remove = QToolButton(self)
        self.remove.setText("×")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(f"Remove: {text}")
        self.remove.clicked.connect(lambda: self.removed.emit(self.name))
        layout.addWidget(self.remove)
        self._show_enabled(enabled)

    def _show_enabled(self, enabled: bool) -> None:
        font = self.check.font()
        font.setStrikeOut(not enabled)
        self.check.setFont(font)
        palette = self.check.palette()
        role_color = self.palette().color(
            QPalette.ColorRole.PlaceholderText if not enabled else QPalette.ColorRole.WindowText
        )
        palette.setColor(QPalette.ColorRole.WindowText, role_color)
        self.check.setPalette(palette)

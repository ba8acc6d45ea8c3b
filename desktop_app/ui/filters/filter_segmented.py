"""A row of exclusive toggle buttons ("Any | Has | Not"): a compact N-way choice.
The first segment is the neutral one; any other chosen segment is drawn in the
palette's highlight color so an active choice stands out in a long list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from desktop_app.qt.style import SEGMENTED_TOGGLE_STYLE


class SegmentedToggle(QWidget):
    changed = Signal(int)  # index of the chosen segment, emitted on user clicks only

    def __init__(self, labels: list[str], tooltips: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for i, label in enumerate(labels):
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            if i == 0:
                button.setObjectName("neutral")
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            if tooltips:
                button.setToolTip(tooltips[i])
            self._group.addButton(button, i)
            layout.addWidget(button)
        self.setStyleSheet(SEGMENTED_TOGGLE_STYLE)
        self._group.button(0).setChecked(True)
        self._group.idClicked.connect(self.changed)

    def value(self) -> int:
        return self._group.checkedId()

    def set_value(self, index: int) -> None:
        """Programmatic change: no `changed` signal."""
        self._group.button(index).setChecked(True)

    def button(self, index: int) -> QToolButton:
        return self._group.button(index)  # type: ignore[return-value]

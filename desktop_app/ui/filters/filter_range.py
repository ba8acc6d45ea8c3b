"""Label-count range: a minimum and a maximum, each "no limit" by default.
Raising the minimum above the maximum pulls the maximum along (and back)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.domain.filters import OBJECTS_TO

NO_LIMIT = -1


def _spin(parent: QWidget, tooltip: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(NO_LIMIT, OBJECTS_TO)
    spin.setSpecialValueText("no limit")  # shown at the minimum, NO_LIMIT
    spin.setValue(NO_LIMIT)
    spin.setToolTip(tooltip)
    spin.setAccelerated(True)
    return spin


class LabelRangeEditor(QWidget):
    changed = Signal()  # the user changed a bound

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.min_spin = _spin(self, "At least this many objects")
        self.max_spin = _spin(self, "At most this many objects")
        layout.addWidget(QLabel("from", self))
        layout.addWidget(self.min_spin, 1)
        layout.addWidget(QLabel("to", self))
        layout.addWidget(self.max_spin, 1)
        self.min_spin.valueChanged.connect(self._min_edited)
        self.max_spin.valueChanged.connect(self._max_edited)
        self._quiet = False

    def value(self) -> tuple[int | None, int | None]:
        low, high = self.min_spin.value(), self.max_spin.value()
        return (None if low == NO_LIMIT else low), (None if high == NO_LIMIT else high)

    def set_value(self, low: int | None, high: int | None) -> None:
        self._quiet = True
        try:
            self.min_spin.setValue(NO_LIMIT if low is None else low)
            self.max_spin.setValue(NO_LIMIT if high is None else high)
        finally:
            self._quiet = False

    def _min_edited(self, low: int) -> None:
        if self._quiet:
            return
        high = self.max_spin.value()
        if low != NO_LIMIT and high != NO_LIMIT and low > high:
            self._set_quietly(self.max_spin, low)
        self.changed.emit()

    def _max_edited(self, high: int) -> None:
        if self._quiet:
            return
        low = self.min_spin.value()
        if high != NO_LIMIT and low != NO_LIMIT and high < low:
            self._set_quietly(self.min_spin, high)
        self.changed.emit()

    def _set_quietly(self, spin: QSpinBox, value: int) -> None:
        self._quiet = True
        try:
            spin.setValue(value)
        finally:
            self._quiet = False

"""The chips row: one chip per filter of a FilterSpec that has a value, in
panel order, wrapping onto several lines. The row only shows the spec; the
owner applies `chipToggled` / `chipRemoved` (FilterSpec.with_enabled / without)
and gives the new spec back with `set_spec`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget
from superqt import QFlowLayout

from desktop_app.domain.filters import FilterSpec
from desktop_app.ui.filters.filter_chip import FilterChip

Describe = Callable[[FilterSpec, str], str]


def plain_describe(spec: FilterSpec, name: str) -> str:
    """Fallback words when no FilterOptions are at hand: the filter's name and raw value."""
    return f"{name.replace('_', ' ')}: {getattr(spec, name)}"


class FilterChips(QWidget):
    chipToggled = Signal(str, bool)  # filter name, enabled
    chipRemoved = Signal(str)  # filter name

    def __init__(self, describe: Describe | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._describe = describe or plain_describe
        self._spec = FilterSpec()
        self._chips: dict[str, FilterChip] = {}
        self._shown: list[tuple[str, bool, str]] = []
        self._layout = QFlowLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(4)
        self._layout.setVerticalSpacing(4)
        self.empty = QLabel("No filters: showing every item", self)
        self.empty.setEnabled(False)
        self._layout.addWidget(self.empty)

    def set_spec(self, spec: FilterSpec) -> None:
        """Show `spec`'s chips (rebuilt only when what they show changed)."""
        shown = [(n, on, self._describe(spec, n)) for n, on in spec.chips()]
        self._spec = spec
        if shown == self._shown:
            return
        self._shown = shown
        # The flow layout leaves a gap for hidden widgets: take everything out, put back what shows.
        while self._layout.takeAt(0) is not None:
            pass
        for chip in self._chips.values():
            chip.hide()
            chip.deleteLater()
        self._chips.clear()
        for name, enabled, text in shown:
            chip = FilterChip(name, text, enabled, self)
            chip.toggled.connect(self.chipToggled)
            chip.removed.connect(self.chipRemoved)
            self._layout.addWidget(chip)
            self._chips[name] = chip
        if not shown:
            self._layout.addWidget(self.empty)
        self.empty.setVisible(not shown)
        self._layout.invalidate()
        self.updateGeometry()

    def spec(self) -> FilterSpec:
        return self._spec

    def chip(self, name: str) -> FilterChip | None:
        return self._chips.get(name)

    def names(self) -> list[str]:
        return list(self._chips)

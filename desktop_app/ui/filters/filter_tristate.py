"""A list of choices, each with a three-way toggle: any / include / exclude.
Used for classes (present / absent) and collections (in / not in). Rows are
aligned in a grid; a search field appears when the list is long."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from superqt import QElidingLabel

from desktop_app.qt.filter_options import Choice
from desktop_app.ui.common.swatch import swatch
from desktop_app.ui.filters.filter_segmented import SegmentedToggle

ANY, INCLUDE, EXCLUDE = 0, 1, 2
SEARCH_FROM = 9  # rows from which a search field is worth its space


class _Row(NamedTuple):
    name: QElidingLabel
    toggle: SegmentedToggle
    mark: QLabel | None  # the color swatch, when the choices have colors

    def widgets(self) -> list[QWidget]:
        return [self.name, self.toggle] + ([self.mark] if self.mark is not None else [])


class TriStateList(QWidget):
    changed = Signal()  # the user changed a row

    def __init__(
        self,
        labels: tuple[str, str, str],
        tooltips: tuple[str, str, str],
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._labels, self._tooltips = labels, tooltips
        self._rows: dict[int, _Row] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        layout.addWidget(self.search)
        self.empty = QLabel(empty_text, self)
        self.empty.setEnabled(False)  # dimmed, from the palette
        layout.addWidget(self.empty)
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(1, 1)
        layout.addWidget(self._grid_host)
        self.set_choices([])

    def set_choices(self, choices: list[Choice]) -> None:
        """Rebuild the rows; rows of ids that remain keep their state."""
        old = {i: row.toggle.value() for i, row in self._rows.items()}
        for row in self._rows.values():
            for w in row.widgets():
                self._grid.removeWidget(w)
                w.deleteLater()
        self._rows.clear()
        with_color = any(c.color for c in choices)
        for r, choice in enumerate(choices):
            name = QElidingLabel(choice.text, self._grid_host)  # long names shrink to "dog_pr…"
            name.setToolTip(choice.text)
            toggle = SegmentedToggle(
                list(self._labels), [f"{t}: {choice.text}" for t in self._tooltips], self._grid_host
            )
            toggle.setObjectName(f"toggle-{choice.id}")
            toggle.set_value(old.get(choice.id, ANY))
            toggle.changed.connect(lambda *_: self.changed.emit())
            self._grid.addWidget(name, r, 1)
            self._grid.addWidget(toggle, r, 2)
            mark = None
            if with_color:  # no empty swatch column for choices without colors (collections)
                mark = QLabel(self._grid_host)
                mark.setPixmap(swatch(choice.color))
                self._grid.addWidget(mark, r, 0)
            self._rows[choice.id] = _Row(name, toggle, mark)
        self.empty.setVisible(not choices)
        self.search.setVisible(len(choices) >= SEARCH_FROM)
        self._apply_search(self.search.text())

    def set_state(self, included: tuple[int, ...], excluded: tuple[int, ...]) -> None:
        for i, row in self._rows.items():
            row.toggle.set_value(INCLUDE if i in included else EXCLUDE if i in excluded else ANY)

    def state(self, which: int) -> list[int]:
        """Ids whose toggle is at `which` (INCLUDE or EXCLUDE), in row order."""
        return [i for i, row in self._rows.items() if row.toggle.value() == which]

    def toggle(self, choice_id: int) -> SegmentedToggle:
        return self._rows[choice_id].toggle

    def ids(self) -> list[int]:
        return list(self._rows)

    def _apply_search(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in self._rows.values():
            visible = not needle or needle in row.name.text().casefold()
            for w in row.widgets():
                w.setVisible(visible)

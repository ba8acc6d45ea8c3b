"""The collections a combine reads: every collection of the project with its
count, the chosen ones ticked and listed first. For a difference the order
matters (the first minus the others), so rows move up and down."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from desktop_app.api.records import Collection
from desktop_app.qt.resources import icon


class CombineSources(QWidget):
    changed = Signal()  # ticks or order changed

    def __init__(self, collections: Sequence[Collection], chosen: Sequence[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        by_id = {c.id: c for c in collections}
        first = [by_id[i] for i in chosen if i in by_id]
        rest = [c for c in collections if c.id not in set(chosen)]
        collection_icon = icon("collection")
        for c in [*first, *rest]:
            item = QListWidgetItem(collection_icon, f"{c.name}  ({c.items_count:,})", self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c in first else Qt.CheckState.Unchecked)
            item.setToolTip(f"{c.name}: {c.items_count:,} items")
        if self.list.count():
            self.list.setCurrentRow(0)
        self.up_button = self._button("▲", "Move up (a difference is the first minus the others)", -1)
        self.down_button = self._button("▼", "Move down", +1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.itemChanged.connect(lambda _: self.changed.emit())

    def _button(self, text: str, tip: str, step: int) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.move_current(step))
        return button

    def chosen_ids(self) -> list[int]:
        """The ticked collections, in the list's order."""
        rows = (self.list.item(r) for r in range(self.list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in rows if i.checkState() == Qt.CheckState.Checked]

    def set_checked(self, collection_id: int, checked: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == collection_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)
        self.changed.emit()

    def set_order_editable(self, editable: bool) -> None:
        self.up_button.setEnabled(editable)
        self.down_button.setEnabled(editable)

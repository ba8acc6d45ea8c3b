"""A compact, scrollable list of check boxes (users, classes, tags) for the
queue dialog, with a line saying what "nothing checked" means."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from desktop_app.ui.common.swatch import swatch_icon

KeyRole = Qt.ItemDataRole.UserRole + 50


class Entry(NamedTuple):
    key: Hashable
    text: str
    color: str | None = None
    tooltip: str = ""


class CheckList(QListWidget):
    changed = Signal()  # a box was checked or unchecked

    def __init__(self, parent: QWidget | None = None, *, rows: int = 5, min_rows: int = 2) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self._rows, self._min_rows = rows, min_rows
        self._filling = False
        self.itemChanged.connect(lambda *_: None if self._filling else self.changed.emit())
        self._fit()

    def set_entries(self, entries: Iterable[Entry], checked: Iterable[Hashable] = ()) -> None:
        keep = set(self.checked()) | set(checked)
        self._filling = True
        try:
            self.clear()
            for e in entries:
                item = QListWidgetItem(e.text, self)
                if e.color:
                    item.setIcon(swatch_icon(e.color))
                item.setData(KeyRole, e.key)
                item.setToolTip(e.tooltip or e.text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if e.key in keep else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self._fit()

    def checked(self) -> list[Any]:
        return [
            self.item(r).data(KeyRole)
            for r in range(self.count())
            if self.item(r).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, keys: Iterable[Hashable]) -> None:
        wanted = set(keys)
        self._filling = True
        try:
            for r in range(self.count()):
                item = self.item(r)
                item.setCheckState(Qt.CheckState.Checked if item.data(KeyRole) in wanted else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self.changed.emit()

    def keys(self) -> list[Any]:
        return [self.item(r).data(KeyRole) for r in range(self.count())]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        # A click on the text toggles the row too, not only one on the small box
        # (which the view handles itself).
        pos = event.position().toPoint()
        item = self.itemAt(pos)
        box_zone = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 8
        if (
            item is not None
            and event.button() == Qt.MouseButton.LeftButton
            and pos.x() - self.visualItemRect(item).left() > box_zone
        ):
            item.setCheckState(
                Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked else Qt.CheckState.Checked
            )
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _fit(self) -> None:
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 6
        self.setFixedHeight(row * min(max(self.count(), self._min_rows), self._rows) + 2 * self.frameWidth() + 2)

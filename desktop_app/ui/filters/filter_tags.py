"""Image-tag conditions: pick a tag and a value ("any value" by default), Add;
the added conditions are listed below, each with a remove button. Values are
chosen from the tag's list (oneof_string) or typed (strings, numbers)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QDoubleValidator, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from desktop_app.qt.filter_options import TagChoice
from desktop_app.ui.common.swatch import swatch, swatch_icon

ANY_VALUE = "any value"
PAGE_NONE, PAGE_ONEOF, PAGE_TEXT, PAGE_NUMBER = range(4)


def parse_number(text: str) -> int | float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


class TagFilterEditor(QWidget):
    changed = Signal()  # a condition was added or removed by the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tags: dict[int, TagChoice] = {}
        self._conditions: list[tuple[int, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag_combo.setMinimumContentsLength(6)  # long names elide instead of widening the panel
        self.tag_combo.setToolTip("Image tag")
        self.tag_combo.currentIndexChanged.connect(self._tag_picked)
        grid.addWidget(QLabel("Tag", self), 0, 0)
        grid.addWidget(self.tag_combo, 0, 1, 1, 2)

        self.values = QStackedWidget(self)
        none_label = QLabel("(tag has no value)", self.values)
        none_label.setEnabled(False)
        self.value_combo = QComboBox(self.values)
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.value_combo.setMinimumContentsLength(6)  # long names elide instead of widening the panel
        self.value_text = QLineEdit(self.values)
        self.value_text.setPlaceholderText(ANY_VALUE)
        self.value_number = QLineEdit(self.values)
        self.value_number.setPlaceholderText(ANY_VALUE)
        validator = QDoubleValidator(self.value_number)
        validator.setLocale(QLocale.c())  # "0.5" whatever the system locale
        self.value_number.setValidator(validator)
        for page in (none_label, self.value_combo, self.value_text, self.value_number):
            self.values.addWidget(page)
        self.value_text.returnPressed.connect(self.add_current)
        self.value_number.returnPressed.connect(self.add_current)
        self.add_button = QToolButton(self)
        self.add_button.setText("Add")
        self.add_button.setToolTip("Add this tag condition")
        self.add_button.clicked.connect(self.add_current)
        grid.addWidget(QLabel("Value", self), 1, 0)
        grid.addWidget(self.values, 1, 1)
        grid.addWidget(self.add_button, 1, 2)
        layout.addLayout(grid)

        self._list_host = QWidget(self)
        self._list = QVBoxLayout(self._list_host)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(0)
        layout.addWidget(self._list_host)
        self.set_choices([])

    # -- choices and state ---------------------------------------------------
    def set_choices(self, tags: list[TagChoice]) -> None:
        current = self.tag_combo.currentData()
        self._tags = {t.id: t for t in tags}
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        for t in tags:
            self.tag_combo.addItem(swatch_icon(t.color) if t.color else QIcon(), t.text, t.id)
        if not tags:  # an item, not a placeholder: a placeholder would widen the combo for good
            self.tag_combo.addItem("No image tags", None)
        self.tag_combo.setCurrentIndex(max(self.tag_combo.findData(current), 0))
        self.tag_combo.blockSignals(False)
        self.tag_combo.setEnabled(bool(tags))
        self._tag_picked()
        self._show_conditions()

    def set_conditions(self, conditions: tuple[tuple[int, Any], ...]) -> None:
        self._conditions = list(conditions)
        self._show_conditions()

    def conditions(self) -> tuple[tuple[int, Any], ...]:
        return tuple(self._conditions)

    # -- editing -------------------------------------------------------------
    def current_value(self) -> tuple[bool, Any]:
        """(valid, value) of the value chooser; None means any value."""
        page = self.values.currentIndex()
        if page == PAGE_ONEOF:
            return True, self.value_combo.currentData()
        if page == PAGE_TEXT:
            return True, self.value_text.text() or None
        if page == PAGE_NUMBER:
            text = self.value_number.text().strip()
            if not text:
                return True, None
            value = parse_number(text)
            return value is not None, value
        return True, None

    def add_current(self) -> None:
        tag_id = self.tag_combo.currentData()
        valid, value = self.current_value()
        if tag_id is None or not valid:
            return
        # One condition per tag: a new value for the same tag replaces the old one.
        updated = [(t, v) for t, v in self._conditions if t != tag_id] + [(tag_id, value)]
        if updated != self._conditions:
            self._conditions = updated
            self._show_conditions()
            self.changed.emit()

    def remove(self, tag_id: int) -> None:
        self._conditions = [(t, v) for t, v in self._conditions if t != tag_id]
        self._show_conditions()
        self.changed.emit()

    def _tag_picked(self, *_: object) -> None:
        tag = self._tags.get(self.tag_combo.currentData())
        self.add_button.setEnabled(tag is not None)
        if tag is None or tag.value_type == "none":
            self.values.setCurrentIndex(PAGE_NONE)
        elif tag.value_type == "oneof_string":
            self.value_combo.clear()
            self.value_combo.addItem(ANY_VALUE, None)
            for v in tag.values:
                self.value_combo.addItem(str(v), v)
            self.values.setCurrentIndex(PAGE_ONEOF)
        elif tag.value_type == "any_number":
            self.value_number.clear()
            self.values.setCurrentIndex(PAGE_NUMBER)
        else:  # any_string, date: free text
            self.value_text.clear()
            self.values.setCurrentIndex(PAGE_TEXT)

    def _show_conditions(self) -> None:
        while (item := self._list.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for tag_id, value in self._conditions:
            tag = self._tags.get(tag_id)
            row = QWidget(self._list_host)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = (tag.text if tag else f"#{tag_id}") + (f" = {value}" if value is not None else " (any value)")
            label = QElidingLabel(text, row)
            label.setToolTip(text)
            if tag and tag.color:
                mark = QLabel(row)
                mark.setPixmap(swatch(tag.color))
                line.addWidget(mark)
            line.addWidget(label, 1)
            remove = QToolButton(row)
            remove.setText("×")
            remove.setAutoRaise(True)
            remove.setToolTip(f"Remove the condition on {tag.text if tag else tag_id}")
            remove.setObjectName(f"remove-tag-{tag_id}")
            remove.clicked.connect(lambda *_, t=tag_id: self.remove(t))
            line.addWidget(remove)
            self._list.addWidget(row)
        self._list_host.setVisible(bool(self._conditions))

"""A small tag editor: the tags that are on something (an image, or the
selected object), each with a remove button, and a row to add one: the tag
(from the project's tag metas that fit), its value (a list for one-of tags,
a text field for free values, nothing for tags without a value), Add.

It only asks (`addRequested`, `removeRequested`); the owner changes the draft
(through its undo stack) and shows the result with `set_tags()`. A typed value
the tag cannot take ("abc" for a number, a confidence outside 0..1) is refused
right here, before anything is asked: the field turns red and the reason shows
under it until the value is changed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.annotation_records import TagMeta
from desktop_app.domain.annotation_draft import DraftTag, InvalidEdit, checked_value
from desktop_app.qt.style import error_color, error_text_style
from desktop_app.shared.predictions import CONFIDENCE_TAG


class TagListEditor(QWidget):
    addRequested = Signal(str, object)  # tag name, value (None for tags without one)
    removeRequested = Signal(str)  # tag name

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._metas: list[TagMeta] = []
        self._shown: tuple[DraftTag, ...] | None = None
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(2)
        self.empty = QLabel(empty_text, self)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setWordWrap(True)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("tagCombo")
        self.tag_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag_combo.setMinimumContentsLength(8)
        self.value_combo = QComboBox(self)
        self.value_combo.setObjectName("valueCombo")
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("valueEdit")
        self.value_edit.setPlaceholderText("value")
        self.add_button = QPushButton("Add", self)
        self.add_button.setObjectName("addTag")
        add_row = QHBoxLayout()
        add_row.setContentsMargins(0, 0, 0, 0)
        add_row.setSpacing(4)
        add_row.addWidget(self.tag_combo, 2)
        add_row.addWidget(self.value_combo, 2)
        add_row.addWidget(self.value_edit, 2)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows)
        layout.addLayout(add_row)
        self.error = QLabel(self)
        self.error.setObjectName("tagValueError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_text_style(self.palette()))
        self.error.hide()
        layout.addWidget(self.error)
        self.tag_combo.currentIndexChanged.connect(self._tag_chosen)
        self.add_button.clicked.connect(self._add)
        self.value_edit.returnPressed.connect(self._add)
        self.value_edit.textEdited.connect(lambda _text: self.show_error(""))
        self._tag_chosen()

    def set_metas(self, metas: Iterable[TagMeta]) -> None:
        self._metas = list(metas)
        current = self.tag_combo.currentText()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        for meta in self._metas:
            self.tag_combo.addItem(meta.name)
        self.tag_combo.blockSignals(False)
        index = self.tag_combo.findText(current)
        self.tag_combo.setCurrentIndex(max(0, index))
        self._tag_chosen()

    def set_tags(self, tags: Sequence[DraftTag]) -> None:
        tags = tuple(tags)
        if tags == self._shown:
            return  # unchanged (a box being dragged changes the draft on every mouse move)
        self._shown = tags
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for tag in tags:
            self._rows.addWidget(self._row(tag))
        self.empty.setVisible(not tags)

    def tag_texts(self) -> list[str]:
        """What the rows show (for tests and accessibility)."""
        out = []
        for widget in self._row_widgets():
            label = widget.findChild(QLabel)
            if label is not None:
                out.append(label.text())
        return out

    def _row_widgets(self) -> list[QWidget]:
        items = (self._rows.itemAt(i) for i in range(self._rows.count()))
        return [widget for item in items if item is not None and (widget := item.widget()) is not None]

    def remove_button(self, name: str) -> QToolButton | None:
        for widget in self._row_widgets():
            if widget.property("tagName") == name:
                return widget.findChild(QToolButton)
        return None

    def _row(self, tag: DraftTag) -> QWidget:
        row = QWidget(self)
        row.setProperty("tagName", tag.name)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(tag.text(), row)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setToolTip(tag.text())
        remove = QToolButton(row)
        remove.setText("×")
        remove.setAutoRaise(True)
        remove.setToolTip(f"Remove tag “{tag.name}”")
        remove.clicked.connect(lambda _=False, name=tag.name: self.removeRequested.emit(name))
        layout.addWidget(label, 1)
        layout.addWidget(remove)
        return row

    def _meta(self) -> TagMeta | None:
        index = self.tag_combo.currentIndex()
        return self._metas[index] if 0 <= index < len(self._metas) else None

    def _tag_chosen(self, *_: object) -> None:
        meta = self._meta()
        kind = meta.value_type if meta is not None else "none"
        self.value_combo.clear()
        if meta is not None and kind == "oneof_string":
            self.value_combo.addItems([str(v) for v in meta.values])
        self.value_combo.setVisible(kind == "oneof_string")
        self.value_edit.setVisible(kind in ("any_string", "any_number", "date"))
        self.value_edit.clear()
        confidence = meta is not None and meta.name == CONFIDENCE_TAG
        self.value_edit.setPlaceholderText(("0 to 1" if confidence else "number") if kind == "any_number" else "value")
        self.add_button.setEnabled(meta is not None)
        self.show_error("")

    def _add(self) -> None:
        meta = self._meta()
        if meta is None:
            return
        if meta.value_type == "none":
            value = None
        elif meta.value_type == "oneof_string":
            value = self.value_combo.currentText()
        else:
            value = self.value_edit.text()
            try:
                checked_value(meta, value)  # the draft checks it again; this keeps the refusal next to the field
            except InvalidEdit as exc:
                self.show_error(str(exc))
                return
        self.show_error("")
        self.addRequested.emit(meta.name, value)

    def show_error(self, sentence: str) -> None:
        """A refused value: the field red and the reason under it ("" clears both)."""
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))
        red = f"QLineEdit {{ border: 2px solid {error_color(self.palette()).name()}; border-radius: 3px; }}"
        self.value_edit.setStyleSheet(red if sentence else "")
        self.value_edit.setToolTip(sentence)

    def choose(self, name: str, value: object = None) -> None:
        """Pick a tag and value in the add row (as a user would), without adding."""
        self.tag_combo.setCurrentIndex(self.tag_combo.findText(name))
        if value is not None:
            if self.value_combo.isVisibleTo(self):
                self.value_combo.setCurrentText(str(value))
            else:
                self.value_edit.setText(str(value))

"""A column of check boxes over choices (datasets): any checked one matches.
A long name is shortened in the middle to fit the panel ("city-…-night"); the
tooltip has it whole."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desktop_app.qt.filter_options import Choice

TEXT_WIDTH = 200  # px of a name: the panel's narrowest width, less the box and margins


class CheckList(QWidget):
    changed = Signal()  # the user checked or unchecked a box

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[int, QCheckBox] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.empty = QLabel(empty_text, self)
        self.empty.setEnabled(False)
        self._layout.addWidget(self.empty)

    def set_choices(self, choices: list[Choice]) -> None:
        """Rebuild the boxes; ids that remain stay checked."""
        checked = set(self.checked())
        for box in self._boxes.values():
            self._layout.removeWidget(box)
            box.deleteLater()
        self._boxes.clear()
        for choice in choices:
            box = QCheckBox(self.fontMetrics().elidedText(choice.text, Qt.TextElideMode.ElideMiddle, TEXT_WIDTH), self)
            box.setToolTip(choice.text)
            box.setChecked(choice.id in checked)
            box.clicked.connect(lambda *_: self.changed.emit())
            self._layout.addWidget(box)
            self._boxes[choice.id] = box
        self.empty.setVisible(not choices)

    def set_checked(self, ids: tuple[int, ...]) -> None:
        for i, box in self._boxes.items():
            box.setChecked(i in ids)

    def checked(self) -> list[int]:
        return [i for i, box in self._boxes.items() if box.isChecked()]

    def box(self, choice_id: int) -> QCheckBox:
        return self._boxes[choice_id]

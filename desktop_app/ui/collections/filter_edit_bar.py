"""At the top of the filter panel, above the chips it saves, while a smart
collection's filter is being edited (smart_filter_edit.py): "Editing the
filter of smart collection “X”" with Update “X” and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.api.records import Collection
from desktop_app.qt.undo import quoted
from desktop_app.ui.collections.smart_filter_edit import SmartFilterEdit


class FilterEditBar(QWidget):
    def __init__(self, edit: SmartFilterEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterEditBar")
        self.label = QLabel(self, wordWrap=True)  # two lines in a narrow panel rather than a wide one
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.update_button = QPushButton(self)
        self.update_button.setDefault(True)
        # the name on it is elided to the sidebar's width (resizeEvent); the label has it whole
        self.update_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._name = ""
        self.update_button.clicked.connect(edit.update_filter)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Put back the view and filter shown before; the collection is not changed")
        self.cancel_button.clicked.connect(edit.cancel)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.update_button, 1)
        buttons.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 4, 4)
        column.addWidget(self.label)
        column.addLayout(buttons)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)  # set apart from the tree
        edit.editingChanged.connect(self._editing)
        self.hide()

    def _editing(self, collection: Collection | None) -> None:
        if collection is None:
            self.hide()
            return
        name = quoted(collection.name)
        self.label.setText(f"Editing the filter of smart collection {name}")
        self.label.setToolTip("Change the chips in the filter panel, then Update; Cancel changes nothing")
        self.update_button.setToolTip(f"Save the filter panel's filter as the filter of {name} (Undo puts it back)")
        self._name = collection.name
        self.show()
        self._fit_name()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_name()

    def _fit_name(self) -> None:
        """Update “X”, with X shortened to what the button's width holds."""
        metrics = self.update_button.fontMetrics()
        room = self.update_button.width() - metrics.horizontalAdvance("Update “”") - 24  # the button's margins
        name = metrics.elidedText(self._name, Qt.TextElideMode.ElideRight, max(room, 0))
        self.update_button.setText(f"Update {quoted(name)}")

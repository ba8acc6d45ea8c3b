"""The sort control above both views: a field and ascending/descending.

The gallery has no header to show its order in, so without this a sort made
in the table reorders the gallery with nothing saying so. It reads and
writes the BrowseController's sort, as the table header does: a change in
either shows in both, and a refused sort puts this control back too."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.shared.matching import EVALUATED_TYPES
from desktop_app.ui.browse.table_view import EVALUATION_COLUMNS, LENGTH_COLUMN

DEFAULT_ORDER = "Default order"  # the server's own order (no sort)


class SortBar(QWidget):
    def __init__(self, controller: BrowseController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.label = QLabel("Sort", self)
        self.field = QComboBox(self)
        self.field.setObjectName("sortField")
        self.field.setToolTip("Order of the items in the gallery and the table")
        self.field.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.order = QToolButton(self)
        self.order.setObjectName("sortOrder")
        self.order.setAutoRaise(True)
        self.order.setCheckable(True)  # checked: descending
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.order)

        self._fill_fields()
        self.field.activated.connect(self._on_user_choice)
        self.order.clicked.connect(self._on_user_choice)
        controller.sortChanged.connect(self.show_sort)
        controller.state.projectChanged.connect(self._fill_fields)

    def _fill_fields(self, *_: object) -> None:
        """The sortable columns (the length one only for videos and point clouds, the
        evaluation counts FP, TP and Missed only for images and videos)."""
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItem(DEFAULT_ORDER, -1)
        for column, spec in enumerate(self.controller.columns):
            if spec.sort_key is None:
                continue
            images = self.controller.item_type == "images"
            evaluated = self.controller.item_type in EVALUATED_TYPES
            if (column == LENGTH_COLUMN and images) or (column in EVALUATION_COLUMNS and not evaluated):
                continue
            self.field.addItem(spec.title, column)
        self.field.blockSignals(False)
        self.show_sort()

    def show_sort(self) -> None:
        """Show the controller's order (also after a refused sort)."""
        current = self.controller.sort
        column, descending = current if current is not None else (-1, False)
        at = self.field.findData(column)
        self.field.blockSignals(True)
        self.field.setCurrentIndex(max(0, at))
        self.field.blockSignals(False)
        self.order.blockSignals(True)
        self.order.setChecked(descending)
        self.order.blockSignals(False)
        self.order.setEnabled(column >= 0)
        self.order.setText("↓" if descending else "↑")  # an arrow: the bar must fit a 1024 px window
        now, other = ("Descending", "ascending") if descending else ("Ascending", "descending")
        self.order.setToolTip(f"{now}; click for {other}")

    def _on_user_choice(self, *_: object) -> None:
        column = self.field.currentData()
        if column is None or column < 0:
            self.controller.clear_sort()
        elif not self.controller.sort_by(int(column), self.order.isChecked()):
            self.show_sort()
        self.show_sort()

"""The confirmation before items are deleted from their datasets: how many,
from which datasets, in how many collections and labeling queues, and that
it cannot be undone. A number the server could not give is said to be
unknown, never guessed.

Cancel is the default button and has the focus, so Enter or Esc never
deletes anything; the red Delete button needs a click, or Tab to it and
Enter/Space. `confirmed` is emitted when it is pressed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.services import DeletionPlan
from desktop_app.qt.resources import icon
from desktop_app.qt.style import error_text_style
from desktop_app.qt.undo import items_text
from desktop_app.ui.common.dialog_parts import dialog_title

MAX_DATASET_ROWS = 8  # more datasets than this are summed up in one "and N more" row


def count_text(n: int | None, one: str, many: str) -> str:
    if n is None:
        return f"an unknown number of {many}"
    if n == 0:
        return f"no {one}"
    return f"{n:,} {one if n == 1 else many}"


def where_text(plan: DeletionPlan) -> str:
    """ "They are in 2 collections and 1 labeling queue, and leave them too." """
    them = "It is" if plan.count == 1 else "They are"
    text = (
        f"{them} in {count_text(plan.collections, 'collection', 'collections')} and "
        f"{count_text(plan.queues, 'labeling queue', 'labeling queues')}"
    )
    if (plan.collections or 0) + (plan.queues or 0) > 0:
        text += "; deleting takes them out of those too"
    return text + "."


class DeleteItemsDialog(QDialog):
    confirmed = Signal()

    def __init__(self, plan: DeletionPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        n = items_text(plan.count)
        self.setWindowTitle("Delete from dataset")
        self.setObjectName("deleteItemsDialog")

        warning = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        warning.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        warning.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = dialog_title(f"Delete {n} from {'its dataset' if plan.count == 1 else 'their datasets'}?", self)

        body = QVBoxLayout()
        body.setSpacing(8)
        body.addWidget(self.title)
        body.addLayout(self._datasets())
        self.where = self._paragraph(where_text(plan))
        body.addWidget(self.where)
        notes = []
        if plan.gone:
            notes.append(
                f"{items_text(plan.gone)} of the selection {'was' if plan.gone == 1 else 'were'} already deleted."
            )
        if plan.unknown_reason:
            notes.append(f"Some numbers are unknown: {plan.unknown_reason}.")
        self.notes = self._paragraph(" ".join(notes))
        self.notes.setVisible(bool(notes))
        body.addWidget(self.notes)
        self.irreversible = self._paragraph(
            "This cannot be undone. The items, with their annotations and tags, are deleted from the "
            "server for everyone; Undo (Ctrl+Z) cannot bring them back."
        )
        self.irreversible.setStyleSheet(error_text_style(self.palette(), bold=True))
        body.addWidget(self.irreversible)

        buttons = QDialogButtonBox(self)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton(f"Delete {n}", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setObjectName("destructiveButton")
        self.delete_button.setIcon(icon("delete"))
        self.delete_button.setStyleSheet(error_text_style(self.palette(), bold=True))
        self.delete_button.setAutoDefault(False)  # Enter on Cancel (or anywhere else) never deletes
        self.cancel_button.setDefault(True)
        self.delete_button.clicked.connect(self._confirm)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(warning, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(body, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.cancel_button.setFocus()

    def _paragraph(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _datasets(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(12, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.dataset_rows: list[tuple[str, str]] = []  # what the rows say (tests read them)
        datasets = self.plan.datasets
        if datasets is None:
            rows = [("Their datasets could not be read", "")]
        else:
            rows = [(name, f"{count:,}") for name, count in datasets[:MAX_DATASET_ROWS]]
            rest = datasets[MAX_DATASET_ROWS:]
            if rest:
                rows.append((f"and {len(rest)} more datasets", f"{sum(c for _, c in rest):,}"))
        for row, (name, count) in enumerate(rows):
            name_label = QLabel(name, self)
            name_label.setTextFormat(Qt.TextFormat.PlainText)
            count_label = QLabel(count, self)
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name_label, row, 0)
            grid.addWidget(count_label, row, 1)
            self.dataset_rows.append((name, count))
        grid.setColumnStretch(2, 1)
        return grid

    def _confirm(self) -> None:
        self.confirmed.emit()
        self.accept()

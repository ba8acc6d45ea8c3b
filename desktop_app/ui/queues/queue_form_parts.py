"""The pieces of a queue's form that Create and Edit both show: a per-image
limit box, the row of the two limits, and the labelers/reviewers columns."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop_app.domain.limits import LIMIT_MAX
from desktop_app.ui.queues.queue_check_list import CheckList


def limit_box(parent: QWidget, what: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, LIMIT_MAX)
    box.setSpecialValueText("no limit")  # shown for 0
    box.setToolTip(f"At most this many {what} per image (0 = no limit)")
    box.setAccelerated(True)
    return box


def limits_row(parent: QWidget, objects: QSpinBox, tags: QSpinBox) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel("Objects:", parent))
    row.addWidget(objects)
    row.addSpacing(12)
    row.addWidget(QLabel("Tags:", parent))
    row.addWidget(tags)
    row.addStretch(1)
    return row


def people_columns(parent: QWidget, labelers: CheckList, reviewers: CheckList) -> QHBoxLayout:
    """Labelers and reviewers side by side, each under its label (Alt+L, Alt+V)."""
    people = QHBoxLayout()
    for caption, checklist in (("&Labelers:", labelers), ("Re&viewers:", reviewers)):
        column = QVBoxLayout()
        label = QLabel(caption, parent)
        label.setBuddy(checklist)
        column.addWidget(label)
        column.addWidget(checklist)
        people.addLayout(column)
    return people

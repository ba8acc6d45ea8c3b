"""Queue status: a labeling queue of the project and the statuses its items
must have there (pending, annotating, on review, accepted)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QVBoxLayout, QWidget

from desktop_app.domain.filters import QUEUE_STATUSES, QueueStatusFilter
from desktop_app.qt.filter_options import STATUS_TEXT, Choice

NO_QUEUE = "No queue"


class QueueStatusEditor(QWidget):
    changed = Signal()  # the user picked a queue or (un)checked a status

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.queue_combo = QComboBox(self)
        self.queue_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.queue_combo.setMinimumContentsLength(6)  # long names elide instead of widening the panel
        self.queue_combo.setToolTip("Labeling queue")
        self.queue_combo.activated.connect(self._queue_picked)
        layout.addWidget(self.queue_combo)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, status in enumerate(QUEUE_STATUSES):
            box = QCheckBox(STATUS_TEXT[status], self)
            box.clicked.connect(lambda *_: self.changed.emit())
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[status] = box
        layout.addLayout(grid)
        self.set_choices([])

    def set_choices(self, queues: list[Choice]) -> None:
        current = self.queue_combo.currentData()
        self.queue_combo.clear()
        self.queue_combo.addItem(NO_QUEUE if queues else "No labeling queues", None)
        for q in queues:
            self.queue_combo.addItem(q.text, q.id)
        index = self.queue_combo.findData(current) if current is not None else 0
        self.queue_combo.setCurrentIndex(max(index, 0))
        self.queue_combo.setEnabled(bool(queues))
        self._enable_boxes()

    def set_filter(self, qs: QueueStatusFilter | None) -> None:
        index = self.queue_combo.findData(qs.queue_id) if qs is not None else 0
        self.queue_combo.setCurrentIndex(max(index, 0))
        for status, box in self.boxes.items():
            box.setChecked(qs is not None and status in qs.statuses)
        self._enable_boxes()

    def value(self) -> QueueStatusFilter | None:
        queue_id = self.queue_combo.currentData()
        statuses = frozenset(s for s, box in self.boxes.items() if box.isChecked())
        if queue_id is None or not statuses:
            return None
        return QueueStatusFilter(queue_id, statuses)

    def _queue_picked(self, *_: object) -> None:
        # A queue with no status checked would filter nothing: start with all of them.
        if self.queue_combo.currentData() is not None and not any(b.isChecked() for b in self.boxes.values()):
            for box in self.boxes.values():
                box.setChecked(True)
        self._enable_boxes()
        self.changed.emit()

    def _enable_boxes(self) -> None:
        on = self.queue_combo.currentData() is not None
        for box in self.boxes.values():
            box.setEnabled(on)

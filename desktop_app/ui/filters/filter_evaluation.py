"""The Evaluation section of the filter panel: items with false positives,
true positives or missed objects (docs/evaluation-api.md), a count range
(from 1, no upper limit by default) and optionally one class."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from desktop_app.domain.filters import EvaluationFilter
from desktop_app.qt.filter_options import Choice
from desktop_app.shared.predictions import is_prediction_class
from desktop_app.ui.filters.filter_range import LabelRangeEditor

# combo index -> kind (None: no evaluation filter)
KINDS: tuple[tuple[str | None, str], ...] = (
    (None, "Any"),
    ("fp", "False positives"),
    ("tp", "True positives"),
    ("fn", "Missed objects"),
)


class EvaluationEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self)
        self.kind.setObjectName("evaluation-kind")
        for _kind, text in KINDS:
            self.kind.addItem(text)
        self.kind.setToolTip("Items whose predictions, matched to the ground truth by IoU, have…")
        self.range = LabelRangeEditor(self)
        self.range.min_spin.setToolTip("At least this many")
        self.range.max_spin.setToolTip("At most this many")
        self.cls = QComboBox(self)
        self.cls.setObjectName("evaluation-class")
        self.cls.setToolTip("Count only this class")
        layout.addWidget(self.kind)
        layout.addWidget(self.range)
        layout.addWidget(self.cls)
        self.set_choices([])
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.range.changed.connect(self.changed)
        self.cls.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._enable()

    def set_choices(self, classes: list[Choice]) -> None:
        """The labelled classes (not the X_pred ones): counts are kept per labelled class."""
        current = self.cls.currentData()
        with QSignalBlocker(self.cls):
            self.cls.clear()
            self.cls.addItem("Any class", None)
            for c in classes:
                if not is_prediction_class(c.text):
                    self.cls.addItem(c.text, c.id)
            self.cls.setCurrentIndex(max(0, self.cls.findData(current)))

    def value(self) -> EvaluationFilter | None:
        kind = KINDS[self.kind.currentIndex()][0]
        if kind is None:
            return None
        low, high = self.range.value()
        low = 1 if low is None else low
        if high is not None and high < low:
            high = low
        return EvaluationFilter(kind, low, high, self.cls.currentData())

    def set_filter(self, value: EvaluationFilter | None) -> None:
        with QSignalBlocker(self.kind), QSignalBlocker(self.cls):
            kinds = [k for k, _t in KINDS]
            self.kind.setCurrentIndex(kinds.index(value.kind) if value is not None else 0)
            self.range.set_value(value.low if value else None, value.high if value else None)
            self.cls.setCurrentIndex(max(0, self.cls.findData(value.class_id if value else None)))
        self._enable()

    def _kind_chosen(self, _index: int) -> None:
        if self.kind.currentIndex() and self.range.value()[0] is None:
            self.range.set_value(1, None)  # "at least one" unless the user says otherwise
        self._enable()
        self.changed.emit()

    def _enable(self) -> None:
        on = self.kind.currentIndex() != 0
        self.range.setEnabled(on)
        self.cls.setEnabled(on)

"""Tools ▸ Evaluation… (Ctrl+Shift+P): precision and recall per class from
`evaluation.summary`, with a confidence threshold slider that shows how the
true positives, false positives and missed boxes move as it goes. It does
not block the window: it loads in the background and can stay open."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.evaluation import ClassSummary, EvaluationSummary
from desktop_app.domain.evaluation.precision_recall import Bin, CurvePoint, at_threshold, curve, merged
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.dialog_parts import dialog_title
from desktop_app.ui.evaluation.pr_plot import PrPlot

log = logging.getLogger(__name__)
STEPS = 20  # the server's bins: 0.00, 0.05, … 0.95
ALL_CLASSES = "All classes"


def _bins(summary: ClassSummary) -> list[Bin]:
    return [Bin(b.low, b.high, b.tp, b.fp) for b in summary.bins]


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class EvaluationDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evaluation — Collections Desk")
        self.setObjectName("evaluationDialog")
        self.state = state
        self.scope = TaskScope(self)
        self.summary: EvaluationSummary | None = None
        self.classes = QComboBox(self)
        self.classes.setObjectName("evaluationClass")
        self.classes.currentIndexChanged.connect(lambda _i: self._show())
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("confidenceSlider")
        self.slider.setRange(0, STEPS - 1)
        self.slider.setPageStep(2)
        self.slider.setValue(10)  # 0.50
        self.slider.valueChanged.connect(lambda _v: self._show())
        self.threshold_label = QLabel(self)
        self.threshold_label.setMinimumWidth(40)
        self.counts = QLabel(self)
        self.counts.setObjectName("evaluationCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        # room for the two lines it gets once loaded ("Loading…" is one): else they overlap the form
        self.about.setMinimumHeight(self.about.fontMetrics().lineSpacing() * 2 + 2)
        self.plot = PrPlot(self)
        slider_row = QHBoxLayout()
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(self.threshold_label)
        form = QFormLayout()
        form.addRow("Class", self.classes)
        form.addRow("Confidence ≥", slider_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title("Precision and recall", self))
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.plot, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)

    @property
    def threshold(self) -> float:
        return self.slider.value() / STEPS

    def load(self) -> None:
        self.about.setText("Loading…")
        self.scope.start(self._load(), key="load")

    async def _load(self) -> None:
        project = self.state.project
        if project is None:
            self.about.setText("Open a project first.")
            return
        try:
            summary = await self.state.services.evaluation.summary(project.id)
        except Exception as exc:  # said in the dialog; Close and open again retries
            log.info("evaluation summary failed: %s", exc)
            self.about.setText(f"Could not load the evaluation: {plain_error(exc)}")
            return
        self.set_summary(summary)

    def set_summary(self, summary: EvaluationSummary) -> None:
        self.summary = summary
        chosen = self.classes.currentText()
        self.classes.blockSignals(True)
        self.classes.clear()
        self.classes.addItem(ALL_CLASSES)
        for c in summary.classes:
            self.classes.addItem(c.class_title, c.class_id)
        found = self.classes.findText(chosen)
        self.classes.setCurrentIndex(max(found, 0))
        self.classes.blockSignals(False)
        self.about.setText(
            f"Predictions match ground truth at IoU ≥ {summary.iou_threshold:.2f}. "
            "Move the slider to keep only the predictions at or above a confidence."
        )
        self._show()

    def chosen(self) -> tuple[list[Bin], int]:
        """The bins and ground-truth count of the class chosen (all classes merged)."""
        if self.summary is None:
            return [], 0
        class_id = self.classes.currentData()
        picked = [c for c in self.summary.classes if class_id is None or c.class_id == class_id]
        return merged((_bins(c), c.gt_count) for c in picked)

    def current(self) -> CurvePoint:
        bins, gt = self.chosen()
        return at_threshold(bins, gt, self.threshold)

    def _show(self) -> None:
        self.threshold_label.setText(f"{self.threshold:.2f}")
        bins, gt = self.chosen()
        point = at_threshold(bins, gt, self.threshold)
        missed = max(gt - point.tp, 0)
        self.counts.setText(
            f"<b>{point.tp:,}</b> true positives · <b>{point.fp:,}</b> false positives · "
            f"<b>{missed:,}</b> missed<br>precision <b>{_ratio(point.precision)}</b> · "
            f"recall <b>{_ratio(point.recall)}</b>"
        )
        self.plot.set_curve(curve(bins, gt), point)

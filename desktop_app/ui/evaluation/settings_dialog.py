"""Project → Evaluation settings…: the IoU a prediction needs to match a
ground-truth box (0.05..1.0). OK sends it; the server recomputes every item
of the project, which the status bar shows (and Cancel stops waiting)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QWidget

from desktop_app.domain.services.evaluation import MAX_THRESHOLD, MIN_THRESHOLD


class EvaluationSettingsDialog(QDialog):
    def __init__(self, project_name: str, threshold: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evaluation settings")
        layout = QFormLayout(self)
        intro = QLabel(
            f"How predictions (“X_pred” boxes) of <b>{project_name}</b> are matched to the ground truth: "
            "a prediction is a true positive when it overlaps an unmatched box of its class by at least "
            "this IoU, else a false positive; ground truth left over is missed.",
            self,
        )
        intro.setWordWrap(True)
        layout.addRow(intro)
        self.spin = QDoubleSpinBox(self)
        self.spin.setObjectName("iouThreshold")
        self.spin.setRange(MIN_THRESHOLD, MAX_THRESHOLD)
        self.spin.setSingleStep(0.05)
        self.spin.setDecimals(2)
        self.spin.setValue(threshold)
        self.spin.setToolTip("Intersection over union, from 0.05 to 1.0 (COCO's usual value: 0.5)")
        layout.addRow("IoU threshold", self.spin)
        note = QLabel("Changing it recomputes the counts of every item; large projects take a while.", self)
        note.setWordWrap(True)
        layout.addRow(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        self.setMinimumWidth(420)

    def threshold(self) -> float:
        return round(self.spin.value(), 2)

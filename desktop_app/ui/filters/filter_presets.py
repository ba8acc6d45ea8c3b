"""The Presets button: ready-made filters. "Likely false positives" has one
entry per class X with predictions X_pred: images where the model saw an X
the ground truth does not have. "False positives (IoU-matched)" uses the
server's evaluation instead: images with a prediction that matched no
ground-truth box of its class (any class; docs/evaluation-api.md)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop_app.qt.filter_options import EvaluationPreset, FalsePositivePreset

FALSE_POSITIVES = "Likely false positives"
EVALUATED_FALSE_POSITIVES = "False positives (IoU-matched)"


class PresetsButton(QToolButton):
    presetChosen = Signal(object)  # FalsePositivePreset or EvaluationPreset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Presets")
        self.setToolTip("Ready-made filters")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu("&Presets", self)  # also the Filters menu's Presets submenu (the same entries)
        self.false_positives = self.menu_.addMenu(FALSE_POSITIVES)
        self.false_positives.setToolTipsVisible(True)
        self.menu_.setToolTipsVisible(True)
        evaluated = EvaluationPreset(EVALUATED_FALSE_POSITIVES)
        self.evaluated_action = self.menu_.addAction(evaluated.text)
        self.evaluated_action.setToolTip(
            "Images with a prediction that matched no ground-truth box of its class "
            "(IoU below the project's threshold; Project → Evaluation settings…)"
        )
        self.evaluated_action.triggered.connect(lambda *_: self.presetChosen.emit(evaluated))
        self.setMenu(self.menu_)
        self.set_presets([])

    def set_presets(self, presets: list[FalsePositivePreset]) -> None:
        self.false_positives.clear()
        for preset in presets:
            action = self.false_positives.addAction(preset.text)
            action.setToolTip(f"Images with a {preset.pred.text} prediction and no {preset.truth.text} object")
            action.triggered.connect(lambda *_, p=preset: self.presetChosen.emit(p))
        if not presets:
            none = self.false_positives.addAction("No prediction classes (X_pred) in this project")
            none.setEnabled(False)

    def add_action(self, action) -> None:
        """An action on the current filter (e.g. "Save filter as smart collection…"), under the presets."""
        self.menu_.addSeparator()
        self.menu_.addAction(action)

    def preset_actions(self):
        return [a for a in self.false_positives.actions() if a.isEnabled()]

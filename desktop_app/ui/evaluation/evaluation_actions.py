"""Project → Evaluation settings… (Ctrl+Alt+E): reads the open project's IoU
threshold, opens the dialog, and sends a changed value in the status bar
(the server recomputes the project: a big one in the background, whose
progress shows there until it is done); the list is then fetched again so
the FP / TP / Missed counts show the new matching."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.api.evaluation import EvaluationSettings
from desktop_app.qt.app_state import AppState
from desktop_app.shared.matching import EVALUATED_TYPES
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.evaluation.settings_dialog import EvaluationSettingsDialog

CATEGORY = "Project"


class EvaluationActions(ActionSet):
    def __init__(self, state: AppState, parent_widget, reload_list: Callable[[], None]) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        self._reload_list = reload_list
        self.settings_action = self._action(
            "Evaluation settings…",
            self.open_settings,
            shortcuts="Ctrl+Alt+E",
            tip="The IoU a prediction needs to match the ground truth (FP / TP / Missed counts)",
        )
        # enabled by role only (the window's RoleGate: changing it is a manager's edit)

    def actions(self):
        return [self.settings_action]

    def open_settings(self) -> None:
        project = self.state.project
        if project is None or project.type not in EVALUATED_TYPES:
            # boxes of images and of video frames are matched; point-cloud cuboids are not evaluated
            self.state.messageRaised.emit("Evaluation settings are for image and video projects: open one first.")
            return
        self.state.run(
            self.state.services.evaluation.settings(project.id),
            "Reading evaluation settings",
            key="evaluation-settings",
            on_done=lambda settings: self._show(project.name, settings),
        )

    def _show(self, project_name: str, settings: EvaluationSettings) -> None:
        dialog = EvaluationSettingsDialog(project_name, settings.iou_threshold, self._parent)
        dialog.accepted.connect(lambda: self._apply(settings, dialog.threshold()))
        self._open(dialog)

    def _apply(self, before: EvaluationSettings, threshold: float) -> None:
        if abs(threshold - before.iou_threshold) < 1e-9:
            return
        evaluation = self.state.services.evaluation
        self.state.run(
            lambda progress: evaluation.set_threshold(before.project_id, threshold, progress),
            f"Recomputing evaluation at IoU {threshold:.2f}",
            key="evaluation-settings",
            on_done=lambda _settings: self._reload_list(),
        )

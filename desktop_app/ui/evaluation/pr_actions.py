"""Tools ▸ Evaluation… (Ctrl+Shift+P): the precision/recall dialog of the open project."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.qt.app_state import AppState
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.evaluation.evaluation_dialog import EvaluationDialog


class PrecisionRecallActions(ActionSet):
    def __init__(self, state: AppState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget, "Tools")
        self.state = state
        self.evaluation_action = self._action(
            "Evaluation…",
            self.open_evaluation,
            shortcuts="Ctrl+Shift+P",
            tip="Precision and recall per class, with a confidence threshold slider",
        )

    def actions(self) -> list[QAction]:
        return [self.evaluation_action]

    def open_evaluation(self) -> None:
        if self.state.project is None:
            self.state.messageRaised.emit("Open a project first: evaluation compares its predictions.")
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = self.dialog = EvaluationDialog(self.state, self._parent)
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.show()  # not modal: it may stay open beside the gallery
        dialog.load()

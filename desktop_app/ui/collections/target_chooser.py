"""Ctrl+T, "Choose target collection…": pick the collection T adds to from a list of
every collection of the project (searchable), whatever the sidebar shows.

Before, Ctrl+T only toggled the collection open in the sidebar, so choosing a
target meant leaving the items one was looking at (issue 11). The sidebar's
right-click "Use as target collection" still toggles the one under the cursor."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import quoted
from desktop_app.ui.collections.collection_target_dialog import CollectionTargetDialog
from desktop_app.ui.collections.collection_target_picker import CollectionTargetPicker
from desktop_app.ui.common.action_set import ActionSet

CATEGORY = "Collections"


class TargetDialog(CollectionTargetDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose target collection")
        self.setMinimumSize(400, 380)
        current = state.session.target
        if current is None and state.session.scope.kind == "collection":
            current = state.session.scope.id  # the collection shown is the likely choice
        picker = CollectionTargetPicker(
            state,
            self,
            empty_text="This project has no collections yet: make one first (Collections ▸ New collection…).",
            searchable=True,
            preferred_id=current,
        )
        picker.new_radio.hide()  # a target is an existing collection
        picker.name_edit.hide()
        picker.existing_radio.hide()
        self._build("T adds the selected items to the target collection", picker, "Use as target")

    def _choice_changed(self) -> None:
        c = self.picker.collection_id
        if c is None:
            self._show_not_ready(self.picker.problem_text() or "Choose a collection.")
            return
        name = next((x.name for x in self.picker.state.collections if x.id == c), "")
        self.preview_label.setText(f"T will add the selected items to {quoted(name)}.")
        self.ok_button.setText(self._verb)
        self.ok_button.setEnabled(True)

    def _ready(self) -> bool:
        return self.picker.collection_id is not None


class TargetChooser(ActionSet):
    def __init__(self, state: AppState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        self.choose_action = self._action(
            "Choose target collection…",
            self.choose,
            shortcuts="Ctrl+T",
            icon="target",
            tip="Choose the collection T adds the selected items to",
        )

    def actions(self) -> list[QAction]:
        return [self.choose_action]

    def choose(self) -> None:
        if self.state.project is None:
            return
        if not self.state.collections:
            self.state.messageRaised.emit(
                "No collections yet: make one first (Collections ▸ New collection…, Ctrl+Shift+N)."
            )
            return
        dialog = TargetDialog(self.state, self._parent)
        dialog.accepted.connect(lambda: self.state.session.set_target(dialog.picker.collection_id))
        self._open(dialog)

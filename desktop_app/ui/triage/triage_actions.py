"""Tools ▸ Triage mode… (Ctrl+Shift+T) and Tools ▸ Triage keys…: open the triage
window on the list the main window shows (from its current item), and choose
the verdict keys and collections (saved with the window's settings)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.domain.triage import Verdict, verdicts_from_settings, verdicts_to_settings
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.qt.window_settings import WindowSettings
from desktop_app.shared.matching import EVALUATED_TYPES
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.common.window_placement import centre_on, return_focus_on_close
from desktop_app.ui.triage.triage_settings_dialog import TriageSettingsDialog
from desktop_app.ui.triage.triage_window import TriageWindow


class TriageActions(ActionSet):
    def __init__(
        self, state: AppState, browse: BrowseController, settings: WindowSettings, parent_widget: QWidget
    ) -> None:
        super().__init__(parent_widget, "Tools")
        self.state = state
        self.browse = browse
        self.settings = settings
        self.window: TriageWindow | None = None
        self.triage_action = self._action(
            "Triage mode…",
            self.open_triage,
            shortcuts="Ctrl+Shift+T",
            tip="Walk the list one item at a time and file false positives with one key",
        )
        self.keys_action = self._action("Triage keys…", self.open_keys, tip="The verdict keys and their collections")

    def actions(self) -> list[QAction]:
        return [self.triage_action, self.keys_action]

    def verdicts(self) -> tuple[Verdict, ...]:
        return verdicts_from_settings(self.settings.triage())

    def open_triage(self, sequence: ItemSequence | None = None, start: int | None = None) -> None:
        """On the main window's list from its current row, or on another list; the window is `self.window`."""
        if self.state.project is None:
            self.state.messageRaised.emit("Open a project first: triage walks its items.")
            return
        if self.state.project.type not in EVALUATED_TYPES:
            self.state.messageRaised.emit(
                "Triage mode works on image and video projects: point clouds are not evaluated, "
                "so there are no unmatched predictions to triage."
            )
            return
        if sequence is None:
            if not self.browse.total:
                self.state.messageRaised.emit("Nothing to triage: the list is empty.")
                return
            sequence = BrowseSequence(self.browse)
            current = self.browse.selection_model.currentIndex()
            start = current.row() if current.isValid() else 0
        else:
            position_of_row = getattr(sequence, "position_of_row", None)  # the objects view: each item once
            if position_of_row is not None and start is not None:
                start = position_of_row(start)
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.close()
        window = self.window = TriageWindow(
            self.state, sequence, self.verdicts(), self._parent, open_settings=self.open_keys
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.start_at(start or 0)
        centre_on(window, self._parent)
        return_focus_on_close(window, self._parent)
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # it has no window stacking (and warns)
            window.raise_()
        window.activateWindow()

    def open_keys(self) -> None:
        dialog = TriageSettingsDialog(self.verdicts(), self._triage_or_main())
        dialog.chosen.connect(self._keys_chosen)
        self._open(dialog)

    def _triage_or_main(self) -> QWidget:
        window = self.window
        return window if window is not None and shiboken6.isValid(window) and window.isVisible() else self._parent

    def _keys_chosen(self, verdicts: tuple[Verdict, ...]) -> None:
        self.settings.save_triage(verdicts_to_settings(verdicts))
        window = self.window
        if window is not None and shiboken6.isValid(window):
            window.set_verdicts(verdicts)
        self.state.messageRaised.emit("Triage keys saved.")

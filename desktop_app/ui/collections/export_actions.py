"""Export a collection (issue 13, X4): “Export collection…” in the Collections
menu (the collection being viewed) and in a collection's context menu (the one
under the cursor). The dialog chooses; the export runs in the status bar with
its progress and Cancel; the end is a message with “Show folder”, or the
reason in words. A cancelled or failed export leaves no folder behind
(domain/services/export.py writes into a hidden sibling and renames it)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.api.records import Collection
from desktop_app.domain.plain_errors import plain_error
from desktop_app.domain.services.export import ExportChoice, ExportResult
from desktop_app.qt.app_state import AppState, Progress
from desktop_app.qt.undo import quoted
from desktop_app.qt.window_settings import WindowSettings
from desktop_app.shared.export_formats import ExportFailed
from desktop_app.ui.collections.export_dialog import ExportDialog
from desktop_app.ui.common.action_set import ActionSet

CATEGORY = "Collections"
NO_COLLECTION = "Choose a collection in the sidebar first: Export collection… exports the collection shown."


class ExportActions(ActionSet):
    def __init__(
        self,
        state: AppState,
        settings: WindowSettings,
        parent_widget: QWidget,
        current_collection: Callable[[], Collection | None] = lambda: None,
    ) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        self.settings = settings
        self._current_collection = current_collection
        self.message: QMessageBox | None = None  # the last end-of-export message (tests read it)
        self.task: asyncio.Task | None = None  # the export running now
        self.export_action = self._action(
            "Export collection…",
            self.export_current,
            shortcuts="Ctrl+Shift+X",
            tip="Write the collection's items (ids, or with annotations and images) into a folder",
        )
        self.collection_action = QAction("Export collection…", self)  # for a collection's context menu
        self.collection_action.setToolTip("Write this collection's items into a folder")

    def actions(self) -> list[QAction]:
        return [self.export_action]

    def export_current(self) -> None:
        collection = self._current_collection()
        if collection is None:
            self.state.messageRaised.emit(NO_COLLECTION)
            return
        self.export(collection)

    def export(self, collection: Collection) -> None:
        project = self.state.project
        if project is None:
            return
        dialog = ExportDialog(collection, project.type, self.settings.export_folder(), self._parent)
        dialog.accepted.connect(lambda: self._run(collection, dialog.choice))
        self._open(dialog)

    def _run(self, collection: Collection, choice: ExportChoice | None) -> None:
        project = self.state.project
        if choice is None or project is None:
            return
        self.settings.save_export_folder(str(choice.folder))
        service = self.state.services.export

        async def work(progress: Progress) -> ExportResult | str:
            try:
                return await service.export_collection(project, collection, choice, progress)
            except ExportFailed as exc:
                return str(exc)
            except Exception as exc:  # noqa: BLE001 (the server went away, refused...: said in words)
                return f"The export of {quoted(collection.name)} failed; nothing was written. {plain_error(exc)}"

        self.task = self.state.run(work, f"Exporting {quoted(collection.name)}", on_done=self._finished)

    def _finished(self, result: ExportResult | str | None) -> None:
        if result is None:
            return
        box = QMessageBox(self._parent)
        box.setWindowTitle("Export collection")
        if isinstance(result, str):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(result)
            box.addButton(QMessageBox.StandardButton.Close)
        else:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(f"Exported {result.summary.text()}.")
            box.setInformativeText(str(result.folder))
            show = box.addButton("Show folder", QMessageBox.ButtonRole.ActionRole)
            show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.folder))))
            box.addButton(QMessageBox.StandardButton.Close)
        self.message = box
        box.open()

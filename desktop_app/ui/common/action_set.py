"""Base of the objects that hang a group of QActions on a window
(CollectionActions, QueueActions): the actions' shortcuts work wherever the
focus is in that window, they carry a category for the menus and the
shortcut list, and the group opens at most one dialog at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.ui.common.actions import make_action


class ActionSet(QObject):
    def __init__(self, parent_widget: QWidget, category: str) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._category = category
        self.dialog: QDialog | None = None  # the dialog open right now (tests read it)

    def _action(self, text: str, slot: Callable[[], None], **options: Any) -> QAction:
        """`make_action` on the window (shortcuts work wherever the focus is in it), in this set's category."""
        return make_action(self._parent, text, slot, category=self._category, parent=self, **options)

    def _open(self, dialog: QDialog) -> None:
        """Open `dialog` window-modal, closing the one opened before; it is deleted once closed."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

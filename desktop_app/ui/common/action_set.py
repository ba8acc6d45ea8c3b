"""Base of the objects that hang a group of QActions on a window
(CollectionActions, QueueActions): the actions' shortcuts work wherever the
focus is in that window, they carry a category for the menus and the
shortcut list, and the group opens at most one dialog at a time."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget


class ActionSet(QObject):
    def __init__(self, parent_widget: QWidget, category: str) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._category = category
        self.dialog: QDialog | None = None  # the dialog open right now (tests read it)

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], None], tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            tip = f"{tip} ({shortcut})"
        action.setToolTip(tip)
        action.setProperty("category", self._category)
        action.triggered.connect(lambda _checked=False: slot())
        self._parent.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

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

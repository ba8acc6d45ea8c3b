"""The two questions the editor asks, as window-modal message boxes that are
opened (never exec()'d) and answer through a callback:

- unsaved changes when leaving an item: Save / Discard / Cancel;
- a save refused because someone else saved the image meanwhile:
  Reload theirs / Overwrite with mine / Keep editing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

LeaveChoice = Literal["save", "discard", "cancel"]
ConflictChoice = Literal["reload", "overwrite", "keep"]


def ask_unsaved(parent: QWidget, item_name: str, answer: Callable[[LeaveChoice], None]) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Unsaved changes",
        f"The annotation of “{item_name}” has changes that are not saved.",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("unsavedPrompt")
    box.setInformativeText("Save them before moving on?")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    choices: dict[QMessageBox.StandardButton, LeaveChoice] = {
        QMessageBox.StandardButton.Save: "save",
        QMessageBox.StandardButton.Discard: "discard",
    }
    answered: list[LeaveChoice] = []

    def clicked(button: QAbstractButton) -> None:
        answered.append(choices.get(box.standardButton(button), "cancel"))

    box.buttonClicked.connect(clicked)
    # finished also comes for Esc and the window's close button: both mean Cancel
    box.finished.connect(lambda *_: answer(answered[0] if answered else "cancel"))
    box.open()
    return box


def ask_conflict(parent: QWidget, item_name: str, answer: Callable[[ConflictChoice], None]) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Saved elsewhere meanwhile",
        f"Someone else saved the annotation of “{item_name}” after you opened it. Nothing was overwritten.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("conflictPrompt")
    box.setInformativeText(
        "Reload theirs (your changes are dropped), overwrite theirs with yours, or keep editing and decide later?"
    )
    reload_button = box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole)
    overwrite_button = box.addButton("Overwrite with mine", QMessageBox.ButtonRole.AcceptRole)
    keep_button = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    choices: dict[str, ConflictChoice] = {"reload": "reload", "overwrite": "overwrite", "keep": "keep"}  # by name
    for button, name in zip((reload_button, overwrite_button, keep_button), choices):
        button.setObjectName(name)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    answered: list[ConflictChoice] = []

    def clicked(button: QAbstractButton) -> None:
        answered.append(choices.get(button.objectName(), "keep"))

    box.buttonClicked.connect(clicked)
    box.finished.connect(lambda *_: answer(answered[0] if answered else "keep"))
    box.open()
    return box

"""Esc or Cancel on a queue dialog with changes asks before throwing them away
(issue 11: a half-filled queue was lost to one Esc). Opened, never exec'd."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_discard_queue(parent: QWidget, discard: Callable[[], None], *, editing: bool = False) -> QMessageBox:
    """Discard / Keep editing; `discard` runs only for Discard. Keep editing is the default,
    so a second Esc (or Enter) goes back to the form."""
    text = "Discard your changes to this queue?" if editing else "Discard this queue?"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Discard changes" if editing else "Discard this queue",
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("discardQueuePrompt")
    box.setInformativeText("What you filled in will be lost." if not editing else "The queue stays as it was.")
    keep = box.button(QMessageBox.StandardButton.Cancel)
    keep.setText("Keep editing")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(keep)
    box.finished.connect(
        lambda _result: discard() if box.clickedButton() is box.button(QMessageBox.StandardButton.Discard) else None
    )
    box.open()
    return box

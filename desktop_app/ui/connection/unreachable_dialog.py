"""Start-up on a saved server that does not answer: say why, and offer a way on.

Without it the window would open empty after a long "Connecting", and only
removing the profile got the user out. The choice is read from `choice` once
the dialog is finished (closing it means quit)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class Way(Enum):
    RETRY = "retry"
    CHOOSE = "choose"
    EMBEDDED = "embedded"
    QUIT = "quit"


class UnreachableDialog(QMessageBox):
    def __init__(self, address: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collections Desk")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(f"Collections Desk could not connect to {address}.")
        self.setInformativeText(reason)
        self.retry_button = self.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
        self.choose_button = self.addButton("Choose another profile…", QMessageBox.ButtonRole.ActionRole)
        self.embedded_button = self.addButton("Use the embedded server", QMessageBox.ButtonRole.ActionRole)
        self.embedded_button.setToolTip("The bundled server on this computer, for this session")
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.retry_button)
        self.setEscapeButton(self.quit_button)

    @property
    def choice(self) -> Way:
        clicked = self.clickedButton()
        ways = ((self.retry_button, Way.RETRY), (self.choose_button, Way.CHOOSE), (self.embedded_button, Way.EMBEDDED))
        return next((way for button, way in ways if button is clicked), Way.QUIT)

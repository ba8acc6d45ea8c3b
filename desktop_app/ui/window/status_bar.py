"""The window's status bar.

Left: short notices (AppState.messageRaised, gone after a few seconds) and
errors (AppState.errorRaised: spelled out in a warning color for a while, then
a quiet button that lists the recent ones).
Right: long work with its progress and a Cancel button (busyChanged); the
edits still waiting to reach the server (outboxChanged; click to see them);
the server and user (`set_connection`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSizePolicy, QStatusBar, QToolButton, QWidget

from desktop_app.qt.app_state import AppState
from desktop_app.qt.style import error_text_style
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.window.error_banner import ErrorIndicator
from desktop_app.ui.window.outbox_dialog import OutboxDialog

CATEGORY = "Status"  # of the actions, on the shortcut cheat sheet
MESSAGE_MS = 5_000
BUSY_SHOW_DELAY_MS = 250  # quick work (a page load) does not make the bar flicker


def pending_text(pending: int, failed: int) -> str:
    """'2 edits waiting for the server · 1 failed'; '' when everything reached the server."""
    parts = []
    if pending:
        parts.append(f"{pending} edit{'s' if pending != 1 else ''} waiting for the server")
    if failed:
        parts.append(f"{failed} failed")
    return " · ".join(parts)


class AppStatusBar(QStatusBar):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setSizeGripEnabled(False)

        self.errors = ErrorIndicator(self)
        self.message_label = QLabel(self)
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.errors)
        self.addWidget(self.message_label, 1)
        self._message_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._message_timer.timeout.connect(self.message_label.clear)

        self.busy_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop the work shown here (edits already sent stay)")
        self.cancel_button.clicked.connect(state.cancel_work)
        self.outbox_button = QToolButton(self)
        self.outbox_button.setAutoRaise(True)
        self.outbox_button.setToolTip("Edits not yet on the server: click to see them")
        self.outbox_button.clicked.connect(self.show_outbox)
        self.connection_label = QLabel(self)
        self.connection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.busy_label, self.progress, self.cancel_button, self.outbox_button, self.connection_label):
            self.addPermanentWidget(widget)
        self._busy_widgets = (self.busy_label, self.progress, self.cancel_button)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_SHOW_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self._outbox_dialog: OutboxDialog | None = None

        # Keyboard ways to the same things (the window lists them on its cheat sheet).
        self.outbox_action = make_action(
            self, "Show edits waiting for the server", self.show_outbox, shortcuts="Ctrl+Shift+O", category=CATEGORY
        )
        self.errors_action = make_action(
            self, "Show recent errors", self.errors.show_list, shortcuts="Ctrl+Shift+E", category=CATEGORY
        )
        self.cancel_action = make_action(
            self, "Cancel running work", state.cancel_work, shortcuts="Ctrl+.", category=CATEGORY
        )

        state.messageRaised.connect(self.show_notice)
        state.errorRaised.connect(self.errors.add_error)
        state.busyChanged.connect(self.set_busy)
        state.outboxChanged.connect(self.set_pending)
        self.set_busy("", 0, 0)
        self.set_pending(len(state.outbox.pending()), len(state.outbox.failed()))
        self.connection_label.setVisible(False)

    # -- left ------------------------------------------------------------------
    def show_notice(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        self._message_timer.start()

    # -- right -----------------------------------------------------------------
    def set_busy(self, label: str, done: int, total: int) -> None:
        if not label:
            self._busy_timer.stop()
            for widget in self._busy_widgets:
                widget.setVisible(False)
            return
        self.busy_label.setText(label)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{done:,}/{total:,}")
        else:  # unknown size: a moving bar
            self.progress.setRange(0, 0)
        if self.busy_label.isHidden() and not self._busy_timer.isActive():
            self._busy_timer.start()

    def _show_busy(self) -> None:
        for widget in self._busy_widgets:
            widget.setVisible(True)

    def set_pending(self, pending: int, failed: int) -> None:
        text = pending_text(pending, failed)
        self.outbox_button.setText(text)
        self.outbox_button.setVisible(bool(text))
        self.outbox_button.setStyleSheet(error_text_style(self.palette()) if failed else "")

    def set_connection(self, label: str, embedded: bool) -> None:
        """E.g. ("demo @ 127.0.0.1:54321", True) shows "demo @ 127.0.0.1:54321 (embedded)"."""
        self.connection_label.setText(f"{label} (embedded)" if embedded else label)
        self.connection_label.setToolTip(
            "The bundled server running on this computer" if embedded else "The server this window works with"
        )
        self.connection_label.setVisible(bool(label))

    def show_outbox(self) -> None:
        if self._outbox_dialog is None:
            self._outbox_dialog = OutboxDialog(self.state, self.window())
        self._outbox_dialog.show()
        self._outbox_dialog.raise_()
        self._outbox_dialog.activateWindow()

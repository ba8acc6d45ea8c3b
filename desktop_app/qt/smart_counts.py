"""Keeps smart collections' counts in the sidebar current while the window is
open. This client's own edits already refresh the collections once the outbox
has sent them (AppState._after_sync); a smart collection also changes when
someone else writes (the SDK uploading new predictions), which nothing here
would hear of, nor of a collection another user made. So the collections are
read again every INTERVAL seconds while a project is open and the app is idle:
one cheap entities-collections.list, quiet (no status bar entry), latest
request wins."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop_app.qt.app_state import AppState

INTERVAL = 30.0  # seconds


class SmartCounts(QObject):
    def __init__(self, state: AppState, parent: QObject | None = None, *, interval: float = INTERVAL) -> None:
        super().__init__(parent)
        self.state = state
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval * 1000))
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        state = self.state
        if state.project is None or state.busy:
            return
        state.run(state.refresh_collections(), key="refresh-collections")

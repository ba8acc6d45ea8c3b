"""Keeps AppState's labeling queues (and their per-status counts) fresh while
someone looks at them.

`QueuePoller(state, widget)` refreshes `state.queues` (through
`state.refresh_queues()`, which emits `queuesChanged`) about every
`interval_ms` while `widget` is visible, right away when it is shown, and
whenever `state.itemsChanged` says collection contents changed (a queue that
follows a collection changes with it).

- Nothing blocks: a refresh is a background task; polls never overlap (the
  next one is armed when the previous one ends, so a slow server is not
  flooded).
- Latest wins: an explicit request (`refresh_now()`, itemsChanged, show)
  cancels a refresh still running and starts a new one.
- Stops when the widget is hidden or destroyed; the timer and tasks belong
  to the poller, itself a child of the widget.
- A failed poll is not an error dialog every 5 s: `failed(text)` carries the
  reason (the panel shows it quietly) and polling continues; `refreshed()`
  follows every success."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope

log = logging.getLogger(__name__)

INTERVAL_MS = 5000
_KEY = "refresh-queues"


class QueuePoller(QObject):
    refreshed = Signal()
    failed = Signal(str)  # why the last refresh did not work, in plain words

    def __init__(self, state: AppState, widget: QWidget, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(widget)
        self.state = state
        self._widget = widget
        self._tasks = TaskScope(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self.refreshes = 0  # finished refreshes (tests and the panel read it)
        widget.installEventFilter(self)
        state.itemsChanged.connect(self.refresh_now)
        state.projectChanged.connect(self._project_changed)
        if widget.isVisible():
            self.refresh_now()

    @property
    def active(self) -> bool:
        """Polling (the widget is visible)."""
        return self._timer.isActive() or self._tasks.running(_KEY)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def refresh_now(self) -> None:
        """Refresh at once (a refresh still running is cancelled: the latest wins)."""
        if not self._visible():
            return
        self._timer.stop()
        self._tasks.start(self._refresh(), key=_KEY)

    def stop(self) -> None:
        self._timer.stop()
        self._tasks.cancel_all()

    # -- internals ---------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._widget:
            if event.type() == QEvent.Type.Show:
                self.refresh_now()
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
                self.stop()
        return False

    def _visible(self) -> bool:
        return self._widget.isVisible() and self.state.project is not None

    def _tick(self) -> None:
        if self._visible() and not self._tasks.running(_KEY):
            self._tasks.start(self._refresh(), key=_KEY)

    def _project_changed(self, _project: object) -> None:
        self._rearm()  # open_project has just loaded the queues itself

    def _rearm(self) -> None:
        if self._visible():
            self._timer.start()
        else:
            self._timer.stop()

    async def _refresh(self) -> None:
        try:
            await self.state.refresh_queues()
        except Exception as exc:  # noqa: BLE001 (shown quietly; the next poll may work)
            log.info("refreshing queues failed: %s", exc)
            self.failed.emit(plain_error(exc))
        else:
            self.refreshes += 1
            self.refreshed.emit()
        self._rearm()

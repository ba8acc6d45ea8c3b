"""Long work started from the window: in the background, with its progress
for the status bar, Cancel, and errors turned into plain words.

Each piece of work runs as a task of the runner's TaskScope (so it ends
with its owner); what the user must hear comes out as signals."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.plain_errors import plain_error
from desktop_app.qt.tasks import TaskScope

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class TaskRunner(QObject):
    busyChanged = Signal(str, int, int)  # label ("" when idle), done, total (0 = unknown)
    failed = Signal(str)  # why a piece of work failed, in plain words
    cancelled = Signal(str)  # "<label> cancelled", when the user's Cancel stopped it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scope = TaskScope(self)
        self._busy: dict[int, tuple[str, int, int]] = {}
        self._slots = itertools.count()
        self._cancellers: dict[int, asyncio.Task] = {}
        # slots the user's Cancel stopped: only those are announced (a keyed task replaced by a
        # newer request, or one whose owner closed, ends without a word)
        self._cancelled_by_user: set[int] = set()

    def run(
        self,
        work: Callable[[Progress], Awaitable[Any]] | Coroutine[Any, Any, Any],
        label: str = "",
        *,
        key: str | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> asyncio.Task | None:
        """Start work in the background. With a label, progress shows in the status bar
        (a callable gets a `progress(done, total)` function) and Cancel stops it."""
        slot = next(self._slots)  # unique: an id() of a freed object is reused at once

        def progress(done: int, total: int) -> None:
            self._busy[slot] = (label, done, total)
            self._report_busy()

        async def wrapper() -> Any:
            try:
                result = await (work(progress) if callable(work) else work)
            except asyncio.CancelledError:
                if slot in self._cancelled_by_user:
                    self.cancelled.emit(f"{label or 'Work'} cancelled")
                raise
            except Exception as exc:  # shown to the user; nothing else to do here
                log.info("work %r failed: %s", label, exc)
                self.failed.emit(plain_error(exc))
                return None
            finally:
                self._busy.pop(slot, None)
                self._cancellers.pop(slot, None)
                self._report_busy()
            if on_done is not None:
                on_done(result)
            return result

        if label:
            self._busy[slot] = (label, 0, 0)
            self._report_busy()
        task = self.scope.start(wrapper(), key=key)
        if task is None:  # shutting down: the work never starts
            if not callable(work):
                work.close()
            self._busy.pop(slot, None)
            self._report_busy()
            return None
        self._cancellers[slot] = task
        # a task cancelled before its first step never runs `finally` (a keyed task replaced
        # at once): forget its slot when it ends, or its label stays in the status bar
        task.add_done_callback(lambda _task: self._forget(slot))
        return task

    def _forget(self, slot: int) -> None:
        self._cancellers.pop(slot, None)
        self._cancelled_by_user.discard(slot)
        if self._busy.pop(slot, None) is not None:
            self._report_busy()

    def cancel_all(self) -> None:
        """Cancel everything shown in the status bar."""
        for slot, task in list(self._cancellers.items()):
            self._cancelled_by_user.add(slot)
            task.cancel()

    @property
    def busy(self) -> bool:
        return bool(self._busy)

    def _report_busy(self) -> None:
        if not self._busy:
            self.busyChanged.emit("", 0, 0)
            return
        label, done, total = list(self._busy.values())[-1]
        more = len(self._busy) - 1
        self.busyChanged.emit(label + (f" (+{more} more)" if more else ""), done, total)

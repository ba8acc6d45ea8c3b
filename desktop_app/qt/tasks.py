"""Tie coroutines to a QObject's lifetime.

A bare `asyncio.create_task` loses its exception silently and outlives the
widget that started it. A TaskScope keeps its tasks, cancels them when its
owner is destroyed (or on `cancel_all()`), and sends unhandled exceptions to
`sys.excepthook`, where the app shows them."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject


class TaskScope(QObject):
    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self._tasks: set[asyncio.Task] = set()
        self._named: dict[str, asyncio.Task] = {}
        # A plain function, not a slot of this object: when the garbage collector
        # frees owner and scope together, this wrapper may be gone before the
        # owner's `destroyed` fires (PySide then fails with "Slot not found").
        tasks = self._tasks
        owner.destroyed.connect(lambda *_: _cancel(tasks))

    def start(self, coro: Coroutine[Any, Any, Any], *, key: str | None = None) -> asyncio.Task | None:
        """Run `coro`; with a key, a previous task of the same key is cancelled first
        ("latest request wins"). None when the app's loop is already gone."""
        if key is not None and (old := self._named.get(key)) is not None and not old.done():
            old.cancel()
        loop = _usable_loop()
        if loop is None:
            # A Qt timer can still fire while the app shuts down, after its loop
            # closed: there is nothing left to run the work on.
            coro.close()
            return None
        task = loop.create_task(coro)
        self._tasks.add(task)
        if key is not None:
            self._named[key] = task
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        for key, named in list(self._named.items()):
            if named is task:
                del self._named[key]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def running(self, key: str) -> bool:
        task = self._named.get(key)
        return task is not None and not task.done()

    def cancel_all(self, *_: object) -> None:
        for task in list(self._tasks):
            task.cancel()

    @property
    def pending(self) -> int:
        return sum(1 for t in self._tasks if not t.done())


def _cancel(tasks: set[asyncio.Task]) -> None:
    for task in list(tasks):
        task.cancel()


def _usable_loop() -> asyncio.AbstractEventLoop | None:
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        return None
    return None if loop.is_closed() else loop

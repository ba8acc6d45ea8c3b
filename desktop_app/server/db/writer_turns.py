"""SQLite writers of one server process take turns, first come first served.

SQLite lets one writer in at a time; the others wait in its busy handler,
which sleeps and polls. Polling is not fair: under load (20 clients writing)
one writer lost every poll for the whole 30 s timeout and its client got
"database is locked" (503). Queuing the process's writers here, in arrival
order, leaves the busy handler only other processes to wait for."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class WriterTurns:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._changed:
            ticket = self._next_ticket
            self._next_ticket += 1
            while ticket != self._serving:
                self._changed.wait()
        try:
            yield
        finally:
            with self._changed:
                self._serving += 1
                self._changed.notify_all()

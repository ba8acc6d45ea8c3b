"""The outbox: every edit is written to a local SQLite file first, then sent.

Each operation (uuid, kind, JSON payload) is committed to disk by `enqueue()`
before anything goes over the network, so nothing the user did is lost when
the server is down, the app crashes or the machine is switched off.

Sending. An async drain loop sends operations strictly in the order they were
enqueued, one at a time, through the injected sender `async (kind, payload)`.
- Network trouble (api `Unavailable`, `RateLimited`, `OSError`, httpx
  transport errors): the operation stays pending and is retried after an
  exponential backoff (1 s, 2 s, 4 s ... at most 60 s; a server's Retry-After
  is honoured). Later operations wait behind it, so order always holds.
- Any other error (a 4xx `ApiError`, or a bug): the operation is marked
  `failed` with the server's message for the user to see, and the operations
  after it go on. A failed operation is skipped, not lost: the user can
  `retry()` it (it is then sent before anything newer) or `discard()` it.

Crashes. An operation is marked `sending` before the call and `done` after it.
If the process dies in between, the next `start()` turns `sending` back into
`pending` and sends it again, so the server may see an operation twice. That
is why every operation kind must be idempotent. The collection edits are:
`entities-collections.items.bulk.add` of items already in the collection
adds nothing (a collection holds an item at most once), and
`items.bulk.remove` of items already gone is harmless (they are reported as
`missing` and nothing changes). Renames and descriptions set a value.
Creating a collection looks its name up first when `ATTEMPT` says an earlier
attempt may have landed.

Answers. `enqueue()` returns a `Sent` handle: a future that resolves with the
sender's result once the server accepted the operation, or fails with the
server's error (`Discarded` when the user dropped it); `await sent` in a
coroutine. `sent.held_up` resolves with the reason when network trouble holds
the operation back. `handle(op_id)` gives the same for an operation enqueued
earlier (also by a process that died). A later operation may carry the result
of an earlier one in its payload: `result_of(sent)` is a placeholder the
outbox replaces with that result when the earlier one is done (e.g. the id of
a collection whose create is still queued).

Thread use: one event loop thread (the Qt thread under qasync). SQLite runs in
WAL mode; each call is a short local transaction.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import json
import logging
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable, Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx

from desktop_app.api.errors import ApiError, RateLimited, Unavailable
from desktop_app.api.retry import READ_RETRIES

log = logging.getLogger(__name__)

State = Literal["pending", "sending", "failed", "done"]
BACKOFF_BASE = 1.0
BACKOFF_MAX = 60.0
# Which attempt at sending the current operation this is (1: the first). A sender
# whose kind is not idempotent by itself checks it: from 2 on, an earlier attempt
# may have reached the server before a crash or a lost answer.
ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("outbox_attempt", default=1)


class OutboxSender(Protocol):
    def __call__(self, kind: str, payload: dict[str, Any]) -> Awaitable[Any]: ...


@dataclass(frozen=True)
class Operation:
    id: str
    seq: int
    kind: str
    payload: dict[str, Any]
    created_at: float
    attempts: int
    last_error: str | None
    state: State
    next_attempt_at: float


class Discarded(Exception):
    """The operation was dropped from the outbox before the server accepted it."""


class Sent(concurrent.futures.Future):
    """The server's answer to one or more queued operations (see the module doc).
    Marked running at once: a waiter that gives up cannot cancel the operation."""

    def __init__(self, op_ids: Iterable[str]) -> None:
        super().__init__()
        self.op_ids = tuple(op_ids)
        self.held_up: concurrent.futures.Future[str] = concurrent.futures.Future()
        self.set_running_or_notify_cancel()
        self.held_up.set_running_or_notify_cancel()

    @property
    def op_id(self) -> str:
        return self.op_ids[0]

    def __await__(self) -> Generator[Any, None, Any]:
        return asyncio.wrap_future(self).__await__()

    async def answered(self, timeout: float) -> bool:
        """Wait until the server has answered (True), or until the network holds the
        operations up or `timeout` passes (False: they stay queued)."""
        waits = [asyncio.wrap_future(self), asyncio.wrap_future(self.held_up)]
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for wait in waits:  # the outcome is read from self
            wait.exception() if wait.done() else wait.cancel()  # cancel stops waiting only
        return self.done()

    @classmethod
    def all(cls, parts: Iterable[Sent]) -> Sent:
        """One handle for several: their results in order, or the first failure."""
        parts = list(parts)
        together = cls(i for part in parts for i in part.op_ids)
        left = len(parts)

        def part_done(part: concurrent.futures.Future) -> None:
            nonlocal left
            left -= 1
            if together.done():
                return
            if part.exception() is not None:
                together.set_exception(part.exception())
            elif left == 0:
                together.set_result([p.result() for p in parts])

        def part_held_up(held: concurrent.futures.Future) -> None:
            if not together.held_up.done():
                together.held_up.set_result(held.result())

        if not parts:
            together.set_result([])
        for part in parts:
            part.add_done_callback(part_done)
            part.held_up.add_done_callback(part_held_up)
        return together


def result_of(sent: Sent) -> dict[str, str]:
    """A payload value that the outbox replaces with `sent`'s result before sending."""
    return {"resultOf": sent.op_id}


def is_transient(exc: BaseException) -> bool:
    """Errors that say "try again later" rather than "this edit is wrong"."""
    return isinstance(exc, (Unavailable, RateLimited, OSError, httpx.TransportError))


def describe(exc: BaseException) -> str:
    if isinstance(exc, ApiError):
        text = str(exc)
        return text if not exc.message or exc.message in text else f"{text} ({exc.message})"
    return str(exc) or type(exc).__name__


_SCHEMA = """
CREATE TABLE IF NOT EXISTS operations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    next_attempt_at REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_operations_state ON operations (state, seq);
"""


class Outbox:
    def __init__(
        self,
        path: Path,
        sender: OutboxSender,
        *,
        backoff_base: float = BACKOFF_BASE,
        backoff_max: float = BACKOFF_MAX,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._sender = sender
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._clock = clock
        # autocommit mode: every statement (or explicit BEGIN block) is durable at once
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # an enqueued edit survives power loss
        self._db.executescript(_SCHEMA)
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._handles: dict[str, Sent] = {}
        self.listeners: list[Callable[[], None]] = []

    # ---- what the UI calls -------------------------------------------------
    def enqueue(self, kind: str, payload: dict[str, Any]) -> Sent:
        """On disk when this returns; the handle says when the server has it."""
        op_id = str(uuid.uuid4())
        self._db.execute(
            "INSERT INTO operations (id, kind, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 0)",
            (op_id, kind, json.dumps(payload), self._clock()),
        )
        sent = self.handle(op_id)
        self._changed()
        return sent

    def handle(self, op_id: str) -> Sent:
        """The handle of a pending operation (the same one on every call)."""
        sent = self._handles.get(op_id)
        if sent is None:
            sent = self._handles[op_id] = Sent([op_id])
            head = self._db.execute(
                "SELECT state, last_error FROM operations WHERE state IN ('pending','sending') ORDER BY seq LIMIT 1"
            ).fetchone()
            if head is not None and head["state"] == "pending" and head["last_error"]:
                sent.held_up.set_result(head["last_error"])  # it waits behind an edit the network holds up
        return sent

    def get(self, op_id: str) -> Operation | None:
        row = self._db.execute("SELECT * FROM operations WHERE id = ?", (op_id,)).fetchone()
        return _operation(row) if row else None

    def pending(self) -> list[Operation]:
        """Operations not yet confirmed by the server (including the one being sent)."""
        return self._select("state IN ('pending', 'sending')")

    def held_up(self) -> str | None:
        """Why the oldest waiting edit is not through (network trouble), or None when
        nothing waits for the network: then the server is known to be unreachable."""
        head = self._db.execute(
            "SELECT state, last_error FROM operations WHERE state IN ('pending','sending') ORDER BY seq LIMIT 1"
        ).fetchone()
        return head["last_error"] if head is not None and head["state"] == "pending" else None

    def failed(self) -> list[Operation]:
        return self._select("state = 'failed'")

    def retry(self, op_id: str) -> None:
        """Send a failed operation again; it goes before anything enqueued after it."""
        self._set_state(op_id, "failed", "UPDATE operations SET state='pending', next_attempt_at=0 WHERE id=?")

    def discard(self, op_id: str) -> None:
        """Drop a failed or pending operation (not one being sent right now)."""
        self._set_state(op_id, ("failed", "pending"), "DELETE FROM operations WHERE id=?")
        sent = self._handles.pop(op_id, None)
        if sent is not None and not sent.done():
            sent.set_exception(Discarded("The edit was discarded before it was sent."))

    def purge_done(self) -> int:
        n = self._db.execute("DELETE FROM operations WHERE state='done'").rowcount
        return n

    # ---- lifecycle ---------------------------------------------------------
    def start(self) -> None:
        """Begin draining. Operations a dead process left `sending` are replayed."""
        if self._task is not None:
            return
        self._db.execute("UPDATE operations SET state='pending' WHERE state='sending'")
        self.purge_done()
        self._task = asyncio.get_running_loop().create_task(self._drain(), name="outbox-drain")
        self._task.add_done_callback(_report_crash)

    async def stop(self) -> None:
        """Stop draining. An operation cut off mid-send stays pending for the next start."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    def close(self) -> None:
        self._db.close()

    async def wait_idle(self, timeout: float | None = None) -> None:
        """Wait until nothing is pending (failed operations do not count)."""

        async def _wait() -> None:
            while self.pending():
                self._idle.clear()
                await self._idle.wait()

        await asyncio.wait_for(_wait(), timeout)

    # ---- the drain loop ----------------------------------------------------
    async def _drain(self) -> None:
        while True:
            self._wake.clear()
            row = self._db.execute(
                "SELECT * FROM operations WHERE state IN ('pending','sending') ORDER BY seq LIMIT 1"
            ).fetchone()
            if row is None:
                self._idle.set()
                await self._wake.wait()
                continue
            op = _operation(row)
            delay = op.next_attempt_at - self._clock()
            if delay > 0:
                try:  # a new enqueue or a retry() wakes us early; the head still waits its turn
                    await asyncio.wait_for(self._wake.wait(), delay)
                except TimeoutError:
                    pass
                continue
            await self._send(op)

    async def _send(self, op: Operation) -> None:
        self._db.execute("UPDATE operations SET state='sending', attempts=attempts+1 WHERE id=?", (op.id,))
        self._changed()
        attempt = ATTEMPT.set(op.attempts + 1)
        # a sender's reads (e.g. a check before an offline add) fail at once: the outbox's backoff retries
        retries = READ_RETRIES.set(False)
        try:
            result = await self._sender(op.kind, op.payload)
        except asyncio.CancelledError:
            # stopped mid-send: unknown whether the server applied it; resend later
            self._db.execute("UPDATE operations SET state='pending' WHERE id=?", (op.id,))
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is recorded for the user
            self._failed(op, exc)
        else:
            self._done(op, result)
        finally:
            ATTEMPT.reset(attempt)
            READ_RETRIES.reset(retries)
        self._changed()

    def _done(self, op: Operation, result: Any) -> None:
        # One transaction: a crash cannot leave it done with its result not handed on.
        self._db.execute("BEGIN")
        with self._db:  # commits, or rolls back on an error
            self._db.execute("UPDATE operations SET state='done', last_error=NULL WHERE id=?", (op.id,))
            placeholder = {"resultOf": op.id}
            waiting = self._db.execute(
                "SELECT id, payload FROM operations WHERE state != 'done' AND payload LIKE ?", (f"%{op.id}%",)
            ).fetchall()
            for row in waiting:
                payload = {
                    key: result if value == placeholder else value for key, value in json.loads(row["payload"]).items()
                }
                self._db.execute("UPDATE operations SET payload=? WHERE id=?", (json.dumps(payload), row["id"]))
        sent = self._handles.pop(op.id, None)
        if sent is not None:
            sent.set_result(result)

    def _failed(self, op: Operation, exc: Exception) -> None:
        if is_transient(exc):
            delay = self._backoff(op.attempts + 1, exc)
            log.info("outbox: %s %s not sent (%s); retry in %.1fs", op.kind, op.id, type(exc).__name__, delay)
            self._db.execute(
                "UPDATE operations SET state='pending', last_error=?, next_attempt_at=? WHERE id=?",
                (describe(exc), self._clock() + delay, op.id),
            )
            for waiting in self._handles.values():  # every pending operation waits behind this one
                if not waiting.held_up.done():
                    waiting.held_up.set_result(describe(exc))
            return
        log.warning("outbox: %s %s failed: %s", op.kind, op.id, describe(exc))
        self._db.execute("UPDATE operations SET state='failed', last_error=? WHERE id=?", (describe(exc), op.id))
        sent = self._handles.pop(op.id, None)
        if sent is not None:
            sent.set_exception(exc)

    def _backoff(self, attempts: int, exc: BaseException) -> float:
        delay = min(self._backoff_base * 2 ** (attempts - 1), self._backoff_max)
        hint = getattr(exc, "retry_after", None)
        if isinstance(hint, (int, float)) and hint > delay:
            delay = min(float(hint), self._backoff_max)
        return delay

    # ---- helpers -----------------------------------------------------------
    def _select(self, where: str) -> list[Operation]:
        return [_operation(r) for r in self._db.execute(f"SELECT * FROM operations WHERE {where} ORDER BY seq")]

    def _set_state(self, op_id: str, allowed: str | tuple[str, ...], sql: str) -> None:
        op = self.get(op_id)
        allowed = (allowed,) if isinstance(allowed, str) else allowed
        if op is None:
            raise KeyError(f"no operation {op_id}")
        if op.state not in allowed:
            raise ValueError(f"operation {op_id} is {op.state}; expected {' or '.join(allowed)}")
        self._db.execute(sql, (op_id,))
        self._changed()

    def _changed(self) -> None:
        self._wake.set()
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # a broken listener must not lose an edit
                log.exception("outbox listener failed")


def _operation(row: sqlite3.Row) -> Operation:
    return Operation(
        id=row["id"],
        seq=row["seq"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        created_at=row["created_at"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        state=row["state"],
        next_attempt_at=row["next_attempt_at"],
    )


def _report_crash(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("outbox drain loop crashed", exc_info=task.exception())

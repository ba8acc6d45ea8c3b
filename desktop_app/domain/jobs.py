"""Bulk jobs: work over many items in steps, with progress, cancellation and a
per-item failure summary.

A job runs `step(batch)` for consecutive batches of items. A step returns the
items of its batch that failed (a mapping item -> reason) or None when all
succeeded; a step that raises fails its whole batch with the error's text, and
the job goes on with the next batch.

Cancelling is graceful and happens between steps:
- `job.cancel()` asks the job to stop; the step in flight finishes, then
  `run()` returns a result with `cancelled=True`.
- Cancelling the asyncio task running `run()` does the same, except that
  `run()` then re-raises CancelledError as asyncio expects. A second
  cancellation while the in-flight step is finishing abandons it at once.

Listeners are plain callbacks (the Qt layer adapts them to signals):
`on_progress(done, total)` after every step and `on_finished(result)` once.
A listener that raises is logged and does not stop the job.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Generic, Hashable, Mapping, Sequence, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T", bound=Hashable)

Step = Callable[[list[T]], Awaitable[Mapping[T, str] | None]]
ProgressListener = Callable[[int, int], None]


@dataclass(frozen=True)
class JobResult(Generic[T]):
    total: int
    done: int  # items processed, successful or not
    failures: dict[T, str] = field(default_factory=dict)  # item -> why it failed
    cancelled: bool = False

    @property
    def succeeded(self) -> int:
        return self.done - len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.cancelled and self.done == self.total


class BulkJob(Generic[T]):
    def __init__(self, items: Sequence[T], step: Step[T], *, batch_size: int = 1, title: str = "") -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.title = title
        self._items = list(items)
        self._step = step
        self._batch_size = batch_size
        self._done = 0
        self._failures: dict[T, str] = {}
        self._cancel_requested = False
        self._started = False
        self.on_progress: list[ProgressListener] = []
        self.on_finished: list[Callable[[JobResult[T]], None]] = []

    @property
    def progress(self) -> tuple[int, int]:
        return self._done, len(self._items)

    @property
    def failures(self) -> dict[T, str]:
        return dict(self._failures)

    def cancel(self) -> None:
        """Stop after the step in flight."""
        self._cancel_requested = True

    async def run(self) -> JobResult[T]:
        if self._started:
            raise RuntimeError("a BulkJob runs once")
        self._started = True
        interrupted = False
        for start in range(0, len(self._items), self._batch_size):
            if self._cancel_requested:
                break
            batch = self._items[start : start + self._batch_size]
            try:
                await self._run_step(batch)
            except asyncio.CancelledError:
                interrupted = True
                break
            self._notify_progress()
        result = JobResult(len(self._items), self._done, dict(self._failures),
                           cancelled=self._cancel_requested or interrupted)
        for listener in self.on_finished:
            self._call(listener, result)
        if interrupted:
            raise asyncio.CancelledError
        return result

    async def _run_step(self, batch: list[T]) -> None:
        task = asyncio.ensure_future(self._step(batch))
        try:
            failed = await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.done() and task.cancelled():
                raise  # the step itself was cancelled: nothing to finish
            # The task running us was cancelled: let the in-flight step end
            # so that the batch is either fully sent or reported, then stop.
            self._cancel_requested = True
            try:
                failed = await task
            except asyncio.CancelledError:
                task.cancel()
                raise
            except Exception as exc:  # noqa: BLE001 - reported per item
                failed = {item: _reason(exc) for item in batch}
            self._record(batch, failed)
            self._notify_progress()
            raise
        except Exception as exc:  # noqa: BLE001 - one bad batch must not end the job
            failed = {item: _reason(exc) for item in batch}
        self._record(batch, failed)

    def _record(self, batch: list[T], failed: Mapping[T, str] | None) -> None:
        self._done += len(batch)
        for item, reason in (failed or {}).items():
            if item in batch:
                self._failures[item] = reason

    def _notify_progress(self) -> None:
        done, total = self.progress
        for listener in self.on_progress:
            self._call(listener, done, total)

    @staticmethod
    def _call(listener: Callable, *args) -> None:
        try:
            listener(*args)
        except Exception:  # a broken listener must not break the job
            log.exception("bulk job listener failed")


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

"""One qasync event loop per test, driven by Qt (qtbot.wait*), closed cleanly.

The pattern comes from the checked facts in docs/architecture.md: the loop is set
as the running loop so coroutines can be scheduled from Qt callbacks, and on
teardown pending tasks are cancelled and pumped to completion (bounded)."""

from __future__ import annotations

import asyncio
import gc

import pytest
import qasync


@pytest.fixture
def qloop(qapp, qtbot):
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        for _ in range(200):
            if all(t.done() for t in pending):
                break
            qtbot.wait(5)  # a bounded poll: a task that ignores cancel must not hang teardown
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)
        # Free this test's Qt objects (the loop's timers, AppState's cycles) here, on the
        # GUI thread: left to a later gc run in a server thread, Qt warns "Timers cannot
        # be stopped from another thread" and fails whichever test is running then.
        gc.collect()

import asyncio
import sys

from PySide6.QtCore import QObject

from desktop_app.qt.task_runner import TaskRunner
from desktop_app.qt.tasks import TaskScope


def test_latest_request_wins_and_errors_reach_excepthook(qloop, qtbot, monkeypatch):
    owner = QObject()
    scope = TaskScope(owner)
    results, errors = [], []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: errors.append(e))

    async def slow(value, delay):
        await asyncio.sleep(delay)
        results.append(value)

    first = scope.start(slow("old", 0.2), key="listing")
    assert first is not None
    scope.start(slow("new", 0.01), key="listing")
    qtbot.waitUntil(lambda: results == ["new"], timeout=2000)
    assert first.cancelled() or first.done()

    async def boom():
        raise ValueError("boom")

    scope.start(boom())
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=2000)
    assert isinstance(errors[0], ValueError)


def test_tasks_cancelled_when_owner_destroyed(qloop, qtbot):
    owner = QObject()
    scope = TaskScope(owner)
    started = []

    async def sleeper():
        started.append(True)
        await asyncio.sleep(10)

    task = scope.start(sleeper())
    qtbot.waitUntil(lambda: started == [True], timeout=2000)  # running, not just scheduled
    owner.deleteLater()
    qtbot.waitUntil(lambda: task.done(), timeout=2000)
    assert task.cancelled()


def test_work_started_after_the_loop_closed_is_dropped_quietly(qapp):
    """A Qt timer may fire while the app shuts down, after its loop closed (a
    gallery prefetch did, in CI): the work is not run and nothing is raised."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.close()
    owner = QObject()
    scope = TaskScope(owner)
    ran = []

    async def work():
        ran.append(True)

    coro = work()
    try:
        assert scope.start(coro) is None
        assert coro.cr_frame is None  # closed: no "never awaited" warning later
        assert not ran and scope.pending == 0
    finally:
        asyncio.set_event_loop(None)


def test_a_keyed_task_replaced_before_it_ran_leaves_no_label_behind(qloop, qtbot):
    """Its coroutine never starts, so only the task's end can take its label off the status bar."""
    runner = TaskRunner()
    shown: list[str] = []
    runner.busyChanged.connect(lambda label, _done, _total: shown.append(label))
    done: list[str] = []

    async def check(_progress):
        await asyncio.sleep(0.01)
        return "second"

    runner.run(check, "Checking", key="check", on_done=done.append)
    runner.run(check, "Checking", key="check", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["second"] and not runner.busy, timeout=2000)
    assert shown[-1] == ""


def test_only_the_users_cancel_is_announced(qloop, qtbot):
    """A keyed request replaced by a newer one (a refresh while the server hangs) ends quietly;
    Cancel in the status bar (cancel_all) says what it stopped."""
    runner = TaskRunner()
    said: list[str] = []
    runner.cancelled.connect(said.append)
    started: list[int] = []

    async def hang(_progress):
        started.append(1)
        await asyncio.Event().wait()

    runner.run(hang, key="refresh")
    qtbot.waitUntil(lambda: len(started) == 1, timeout=2000)
    runner.run(hang, key="refresh")  # replaces the first, which was running
    qtbot.waitUntil(lambda: len(started) == 2, timeout=2000)
    assert said == []
    runner.run(hang, "Listing")
    qtbot.waitUntil(lambda: len(started) == 3, timeout=2000)
    runner.cancel_all()
    qtbot.waitUntil(lambda: sorted(said) == ["Listing cancelled", "Work cancelled"], timeout=2000)

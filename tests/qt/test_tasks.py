import asyncio
import sys

from PySide6.QtCore import QObject

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

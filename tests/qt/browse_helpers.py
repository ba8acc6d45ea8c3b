"""Helpers for the browse tests (controller, gallery, table): run a coroutine
on the test's qasync loop, list ids straight from the api to compare with,
count the item model's data() calls, and an AppState on a bigger demo project."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.item_model import ItemTableModel
from desktop_app.server.demo import build_demo

BIG_DEMO = 3000


def count_data_calls(monkeypatch) -> list[int]:
    """From now on count ItemTableModel.data calls; the count is the list's one element."""
    calls = [0]
    real = ItemTableModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        calls[0] += 1
        return real(self, index, role)

    monkeypatch.setattr(ItemTableModel, "data", counting)
    return calls


def run(qloop, qtbot, coro, timeout: int = 10000):
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def api_ids(qloop, qtbot, state: AppState, **scope) -> list[int]:
    """Ids of images.list as the api gives them (default: the whole open project, by id)."""
    if "dataset_id" not in scope:
        scope.setdefault("project_id", state.project.id)
    images = run(qloop, qtbot, state.api.images.list(**scope))
    return [image.id for image in images]


@pytest.fixture
def qt_owned(qloop):
    """Register Qt objects to be deleted on the GUI thread when the test ends.

    Left to Python's cyclic garbage collector, a controller (or widget) of one
    test is freed whenever a collection happens to run, often in the next test's
    server thread: Qt objects then die on the wrong thread and Qt crashes."""
    objects: list = []
    yield objects.append
    for obj in reversed(objects):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


def loaded_controller(qtbot, state: AppState, owned, **kwargs) -> BrowseController:
    """A controller whose first page has answered (deleted at the end of the test via `owned`)."""
    controller = BrowseController(state, **kwargs)
    owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    return controller


def wait_rows_loaded(qtbot, controller: BrowseController, rows) -> None:
    for row in rows:
        controller.model.ensure_loaded(row)
    qtbot.waitUntil(lambda: all(controller.model.item_at(r) is not None for r in rows), timeout=10000)


def model_ids(controller: BrowseController) -> list[int]:
    model = controller.model
    return [model.item_at(r).id for r in range(model.rowCount())]


@pytest.fixture
def big_state(qloop, qtbot, live, tmp_path):
    """An AppState with a 3,000-image demo project open."""
    with live.sessions()() as s, s.begin():
        summary = build_demo(s, size=BIG_DEMO)
    state = AppState(ApiClient(live.url, summary.token), tmp_path / "outbox.sqlite")
    state.start()
    run(qloop, qtbot, state.open_project(summary.project_id))
    yield state
    run(qloop, qtbot, state.close())

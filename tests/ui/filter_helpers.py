"""Helpers for the filter panel tests: the shown panel (fixture `panel`), run a
coroutine on the test's qasync loop and wait for it, name lookups in the demo
project's meta."""

from __future__ import annotations

import pytest

from desktop_app.qt.app_state import AppState
from desktop_app.ui.filters.filter_panel import FilterPanel


@pytest.fixture
def panel(app_state, qtbot):
    widget = FilterPanel(app_state)
    qtbot.addWidget(widget)
    widget.resize(300, 800)
    widget.show()
    return widget


def run(qloop, qtbot, coro, timeout: int = 10000):
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def class_id(state: AppState, title: str) -> int:
    found = state.meta.class_by_title(title)
    assert found is not None, title
    return found.id


def tag_id(state: AppState, name: str) -> int:
    found = state.meta.tag_by_name(name)
    assert found is not None, name
    return found.id


def new_collection(qloop, qtbot, state: AppState, name: str) -> int:
    created = run(qloop, qtbot, state.api.collections.create(state.project.id, name))
    run(qloop, qtbot, state.refresh_collections())
    return created.id

"""A real bundled server with a small demo project, a real ApiClient and an
AppState with the project open: what the UI tests drive."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.server.demo import DemoSummary, build_demo

DEMO_SIZE = 60


@dataclass
class DemoWorld:
    summary: DemoSummary
    url: str

    @property
    def token(self) -> str:
        return self.summary.token


@pytest.fixture
def demo(live) -> DemoWorld:
    with live.sessions()() as s, s.begin():
        summary = build_demo(s, size=DEMO_SIZE)
    return DemoWorld(summary, live.url)


@pytest.fixture
def app_state(qloop, qtbot, demo, tmp_path):
    api = ApiClient(demo.url, demo.token)
    state = AppState(api, tmp_path / "outbox.sqlite")
    state.start()
    task = qloop.create_task(state.open_project(demo.summary.project_id))
    qtbot.waitUntil(task.done, timeout=10000)
    task.result()
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)

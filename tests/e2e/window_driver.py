"""Build the real main window on the demo server and wait for it to settle."""

from __future__ import annotations

from pathlib import Path

import shiboken6

from desktop_app.api.client import ApiClient
from desktop_app.app import app_paths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.qt.app_state import AppState
from desktop_app.startup import Connection
from desktop_app.ui.window.main_window import MainWindow


def open_window(qtbot, demo, home: Path, **api_options) -> MainWindow:
    """`api_options`: ApiClient's (e.g. a short timeout for a hung server)."""
    paths = app_paths(home)
    connection = Connection(demo.url, demo.token, "test-server", False)
    state = AppState(ApiClient(demo.url, demo.token, **api_options), paths.data_dir / "outbox.sqlite")
    window = MainWindow(state, connection, paths, ProfileStore(paths.profiles_file, TokenStore(paths.token_file)))
    window.show()
    window.start()
    qtbot.waitUntil(lambda: state.project is not None and window.browse.total is not None, timeout=15000)
    return window


def close_window(qtbot, qloop, window: MainWindow) -> None:
    window.close()
    task = qloop.create_task(window.state.close())
    qtbot.waitUntil(task.done, timeout=10000)
    # gone before the test's event loop closes, with its timers
    window.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5000)


def settle(qtbot, window: MainWindow, timeout: int = 15000) -> None:
    state = window.state
    qtbot.waitUntil(lambda: not state.busy and not state.outbox.pending(), timeout=timeout)

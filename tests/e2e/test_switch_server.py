"""File → Connect switches the running app: the real dialog connects, the old
window and AppState close, a new pair opens on the new server. Edits queued for
one server stay in that server's own outbox: never sent to another, sent when
the app connects to it again."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from desktop_app.app import app_paths
from desktop_app.app_lifetime import Lifetime
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.domain.collection_backend import CREATE
from desktop_app.qt.gc_policy import YOUNG_THRESHOLD
from desktop_app.startup import Connection
from desktop_app.ui.connection.connection_dialog import ConnectionDialog
from tests.config.conftest import memory_keyring  # noqa: F401 (fixture)
from tests.e2e.black_hole import BlackHoleRelay
from tests.local_server.server_helpers import process_gone
from tests.ui.collection_helpers import run
from tests.ui.test_connection_dialog import fill


def opened(qtbot, lifetime: Lifetime, url: str):
    qtbot.waitUntil(
        lambda: lifetime.connection.address == url and lifetime.state.project is not None,
        timeout=15000,
    )
    return lifetime.window


def connect_in_dialog(qtbot, window, name: str, url: str, token: str) -> None:
    """File → Connect to server…, a new profile typed in, Connect."""
    window.connect_action.trigger()
    dialog = window.findChild(ConnectionDialog)
    dialog.add_button.click()
    fill(qtbot, dialog, name, url, token)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def collection_names(qtbot, qloop, state) -> set[str]:
    return {c.name for c in run(qtbot, qloop, state.api.collections.list(state.project.id))}


def test_connect_switches_the_running_window_and_keeps_each_servers_edits(qtbot, qloop, demo, tmp_path, memory_keyring):
    home = tmp_path / "home"
    paths = app_paths(home)
    profiles = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    relay = BlackHoleRelay(urlsplit(demo.url).port)  # server X: another address in front of the same data
    lifetime = Lifetime(QApplication.instance(), paths, profiles, 12, lambda *_: None)
    serving = qloop.create_task(lifetime.serve_switches())
    try:
        lifetime.build(Connection(relay.url, demo.token, "server-x", False))
        first = opened(qtbot, lifetime, relay.url)
        # the collector is kept off the scroll path once a window is up (conftest undoes it)
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == YOUNG_THRESHOLD
        relay.hung = True  # X stops answering; an edit made now waits in X's outbox
        first.state.outbox.enqueue(CREATE, {"projectId": first.state.project.id, "name": "Made for X"})
        assert len(first.state.outbox.pending()) == 1

        connect_in_dialog(qtbot, first, "Server Y", demo.url, demo.token)
        second = opened(qtbot, lifetime, demo.url)
        assert second is not first
        qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5000)  # closed and deleted
        assert second.isVisible() and profiles.last_used().name == "Server Y"
        bar = second.status.message_label
        qtbot.waitUntil(lambda: "server-x still has 1 edit waiting: sent when you connect" in bar.text(), timeout=5000)
        assert not second.state.outbox.pending()
        assert "Made for X" not in collection_names(qtbot, qloop, second.state)  # not sent to Y
        assert paths.outbox_file(relay.url).exists() and paths.outbox_file(demo.url).exists()

        relay.hung = False  # X is back: connecting to it again sends its edit
        relay_profile_url = relay.url
        connect_in_dialog(qtbot, second, "Server X", relay_profile_url, demo.token)
        third = opened(qtbot, lifetime, relay.url)
        qtbot.waitUntil(lambda: not third.state.outbox.pending(), timeout=15000)
        assert "Made for X" in collection_names(qtbot, qloop, third.state)
    finally:
        serving.cancel()
        closing = qloop.create_task(lifetime.close())
        qtbot.waitUntil(closing.done, timeout=10000)
        window = lifetime.window
        if window is not None and shiboken6.isValid(window):
            window.close()
            window.deleteLater()  # gone before the test's loop closes, with its timers
            qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5000)
        relay.close()


# The real `desktop-app` on its embedded server: File → Connect to a remote server, then back to
# Embedded. Prints what each window showed and the embedded servers' pids.
APP_SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop_app.app
from desktop_app.ui.connection.connection_dialog import ConnectionDialog
from desktop_app.ui.window.main_window import MainWindow

url, token = sys.argv[2], sys.argv[3]
steps = []

def window():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    ready = shown and shown[0].state.project is not None and shown[0].browse.total
    return shown[0] if ready else None

def check():
    w = window()
    if w is None or (steps and steps[-1]["window"] == id(w)):
        return
    server = w.connection.server
    steps.append(dict(window=id(w), address=w.connection.address, embedded=w.connection.embedded,
                      pid=server.process.pid if server else None))
    if len(steps) == 3:
        w.close()
        return
    w.connect_action.trigger()
    dialog = w.findChild(ConnectionDialog)
    if len(steps) == 1:
        dialog.add_button.click()
        dialog.name_edit.setText("Remote"); dialog.address_edit.setText(url); dialog.token_edit.setText(token)
        dialog._edited()
    else:
        dialog.select(None)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

app = QApplication([sys.argv[0]])
timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
code = desktop_app.app.main(["--home", sys.argv[1], "--embedded", "--demo-size", "12"])
print(json.dumps(dict(code=code, steps=steps)), flush=True)
"""


@pytest.mark.reliability  # ~30 s: a whole app process starting its embedded server twice
def test_the_app_switches_from_embedded_to_a_remote_server_and_back(demo, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    run = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, str(tmp_path / "home"), demo.url, demo.token],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    first, remote, back = found["steps"]
    assert first["embedded"] and back["embedded"] and not remote["embedded"]
    assert remote["address"] == demo.url
    assert process_gone(first["pid"]) and process_gone(back["pid"])  # stopped on leaving, and on quit

"""Start-up on a saved server that does not answer: within a few seconds a dialog
says why and offers Retry, another profile, or the embedded server; closing it
quits cleanly (an address nobody listens on, and a server that never answers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.app import app_paths
from desktop_app.app_lifetime import Lifetime
from desktop_app.config.connection import RemoteChoice
from desktop_app.config.profiles import Profile, ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.domain.connection_tester import QUICK_DEADLINE
from desktop_app.ui.connection.connection_dialog import ConnectionDialog
from desktop_app.ui.connection.unreachable_dialog import UnreachableDialog
from tests.config.conftest import memory_keyring  # noqa: F401 (fixture)
from tests.e2e.black_hole import BlackHoleRelay
from tests.ui.test_connection_dialog import closed_port

SOON = QUICK_DEADLINE + 1.5  # seconds: the check's deadline and a little for the dialog


def shown(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


@pytest.fixture(params=["nobody listens", "never answers"])
def gone(request):
    if request.param == "nobody listens":
        yield f"http://127.0.0.1:{closed_port()}", "Could not reach"
        return
    relay = BlackHoleRelay(closed_port())
    relay.hung = True
    yield relay.url, f"{relay.url} did not answer within"
    relay.close()


def test_an_unreachable_saved_server_offers_another_profile(qtbot, qloop, demo, tmp_path, memory_keyring, gone):
    paths = app_paths(tmp_path / "home")
    profiles = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    profiles.save(Profile("Demo", demo.url), token=demo.token)
    gone, reason = gone
    lifetime = Lifetime(QApplication.instance(), paths, profiles, 12, lambda *_: None)
    started = time.monotonic()
    starting = qloop.create_task(lifetime.start(RemoteChoice(gone, "t", "profile Gone", "Gone")))
    try:
        qtbot.waitUntil(lambda: shown(UnreachableDialog) is not None, timeout=int(SOON * 1000))
        assert time.monotonic() - started < SOON
        dialog = shown(UnreachableDialog)
        assert dialog.text() == f"Collections Desk could not connect to {gone}."
        assert dialog.informativeText().startswith(reason)
        dialog.choose_button.click()

        qtbot.waitUntil(lambda: shown(ConnectionDialog) is not None, timeout=2000)
        chooser = shown(ConnectionDialog)
        chooser.select("Demo")
        chooser.buttons.button(chooser.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(starting.done, timeout=10000)
        assert starting.result() is True
        assert lifetime.connection.address == demo.url and lifetime.window.isVisible()
        assert QApplication.instance().quitOnLastWindowClosed()  # back on once the window is up
    finally:
        starting.cancel()
        closing = qloop.create_task(lifetime.close())
        qtbot.waitUntil(closing.done, timeout=10000)
        if lifetime.window is not None:
            lifetime.window.close()
            lifetime.window.deleteLater()


# The real `desktop-app` on a server that never answers: the dialog's Retry once, then the button
# named by argv[3] (Quit, or the embedded server: its window is closed once its project shows).
APP_SCRIPT = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop_app.app
from desktop_app.ui.connection.unreachable_dialog import UnreachableDialog
from desktop_app.ui.window.main_window import MainWindow

seen = []
opened = []
started = time.monotonic()

def check():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and windows[0].state.project is not None and not opened:
        opened.append(windows[0].connection.embedded)
        windows[0].close()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnreachableDialog) and w.isVisible()]
    if not dialogs or dialogs[0] in [d for d, _ in seen]:
        return
    seen.append((dialogs[0], time.monotonic() - started))
    button = dialogs[0].retry_button if len(seen) == 1 else getattr(dialogs[0], sys.argv[3])
    button.click()

app = QApplication([sys.argv[0]])
timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
args = ["--home", sys.argv[1], "--server", sys.argv[2], "--token", "t", "--demo-size", "8"]
code = desktop_app.app.main(args)
print(json.dumps(dict(code=code, seen=[round(t, 2) for _, t in seen], opened=opened)), flush=True)
"""


@pytest.mark.reliability  # ~15-30 s: a whole app process; the in-process test above is the short version
@pytest.mark.parametrize("then", ["quit_button", "embedded_button"])
def test_the_app_on_a_server_that_never_answers_asks_within_seconds(tmp_path, then):
    relay = BlackHoleRelay(closed_port())
    relay.hung = True
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    try:
        run = subprocess.run(
            [sys.executable, "-c", APP_SCRIPT, str(tmp_path / "home"), relay.url, then],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        relay.close()
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["code"] == 0
    first, second = found["seen"]  # asked, retried, asked again
    assert second - first < SOON, found  # the check itself: the deadline, not a 30 s read timeout
    assert first < SOON + 5, found  # + the process's own start-up (imports: 3-4 s on a busy 2-core machine)
    assert found["opened"] == ([] if then == "quit_button" else [True])  # Quit: no window; else the embedded one

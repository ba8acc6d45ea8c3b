"""The app with its embedded server as a child process: the app's own process
never loads the server's libraries, a server that dies is restarted and the
status bar says so, and quitting leaves no server behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from desktop_app.api.client import ApiClient
from desktop_app.app import report_server_notices
from desktop_app.qt.app_state import AppState
from desktop_app.startup import start_embedded
from tests.local_server.server_helpers import process_gone

SERVER_LIBRARIES = ("fastapi", "sqlalchemy", "uvicorn", "starlette", "desktop_app.server")

# Runs desktop_app.app.main() as `desktop-app` does; once the demo project is open in the main
# window it prints what it found and quits through the normal quit path.
APP_SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop_app.app
from desktop_app.ui.window.main_window import MainWindow

found = {}

def check():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or windows[0].state.project is None or not windows[0].browse.total:
        return
    window = windows[0]
    found.update(project=window.state.project.name, total=window.browse.total,
                 server_pid=window.connection.server.process.pid,
                 loaded=[m for m in LIBRARIES if m in sys.modules])
    window.close()  # as a user quits: the last window closed ends the app

app = QApplication([sys.argv[0]])
timer = QTimer()
timer.timeout.connect(check)
timer.start(50)
code = desktop_app.app.main(["--home", sys.argv[1], "--embedded", "--demo-size", "12"])
print(json.dumps(dict(found, code=code)), flush=True)
"""


def test_the_app_runs_with_the_server_as_a_child_and_never_loads_its_libraries(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    script = f"LIBRARIES = {SERVER_LIBRARIES!r}\n" + APP_SCRIPT
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "home")], env=env, capture_output=True, text=True, timeout=90
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["project"] == "Street scenes demo" and found["total"] == 12, found
    assert found["loaded"] == []
    assert found["code"] == 0
    assert process_gone(found["server_pid"])


def test_a_server_that_dies_is_restarted_and_the_status_bar_is_told(qtbot, qloop, tmp_path):
    connection = start_embedded(tmp_path / "server", demo_size=8)
    state = AppState(ApiClient(connection.address, connection.token), tmp_path / "outbox.sqlite")
    try:
        report_server_notices(connection, qloop, state)
        assert connection.server is not None and connection.server.process is not None
        with qtbot.waitSignal(state.messageRaised, timeout=30000) as told:
            os.kill(connection.server.process.pid, signal.SIGKILL)
        assert "stopped unexpectedly" in told.args[0] and "restarted" in told.args[0]
        me = qloop.create_task(state.api.users.me())
        qtbot.waitUntil(me.done, timeout=10000)
        assert me.result().login == "admin"
    finally:
        pid = connection.server.process.pid if connection.server and connection.server.process else None
        connection.stop()
        closing = qloop.create_task(state.close())
        qtbot.waitUntil(closing.done, timeout=10000)
    assert pid is not None and process_gone(pid)

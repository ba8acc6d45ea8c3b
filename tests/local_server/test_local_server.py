"""The embedded server as a real child process: start, token, second start,
restart after a crash, failures explained, nothing left behind."""

from __future__ import annotations

import os
import signal
import socket
import stat
import time
from pathlib import Path

import pytest

from desktop_app.local_server.app_token import TOKEN_FILE
from desktop_app.local_server.server_process import ADMIN_TOKEN_ENV, ServerStartError
from desktop_app.local_server.supervisor import LocalServer, ServerNotice
from desktop_app.server.cli import ADMIN_TOKEN_ENV as SERVE_READS
from tests.local_server.server_helpers import call, demo_projects, process_gone, wait_until

DEMO_SIZE = 8


@pytest.fixture
def servers():
    """Every LocalServer a test starts is stopped after it, whatever happened."""
    started: list[LocalServer] = []

    def start(data_dir: Path, **options) -> LocalServer:
        server = LocalServer(data_dir, **options)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


def test_the_launcher_and_serve_agree_on_the_token_variable():
    assert ADMIN_TOKEN_ENV == SERVE_READS


def test_starts_serves_the_demo_to_the_apps_token_and_stop_leaves_no_process(servers, tmp_path):
    server = servers(tmp_path / "server", demo_size=DEMO_SIZE)
    assert server.url.startswith("http://127.0.0.1:")
    me = call(server, "users.me")
    assert me.status_code == 200, me.text
    assert me.json()["login"] == "admin"
    [project] = demo_projects(server)
    assert project["itemsCount"] == DEMO_SIZE
    token_file = tmp_path / "server" / TOKEN_FILE
    assert token_file.read_text().strip() == server.token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert server.process is not None
    pid = server.process.pid
    command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
    assert b"--exit-with-parent" in command_line  # the right process
    assert server.token.encode() not in command_line  # other users can read argv (ps)

    server.stop()
    assert process_gone(pid)


def test_a_second_start_on_the_same_folder_keeps_the_token_and_the_demo(servers, tmp_path):
    first = servers(tmp_path / "server", demo_size=DEMO_SIZE)
    [project] = demo_projects(first)
    first.stop()
    second = servers(tmp_path / "server", demo_size=DEMO_SIZE)
    assert second.token == first.token
    assert call(second, "users.me").json()["login"] == "admin"
    assert demo_projects(second) == [project]  # not rebuilt: same id, same counts


def test_the_child_exits_when_the_app_is_killed(tmp_path):
    """The app (here a plain Python process) dies by SIGKILL: no chance to stop its server."""
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from desktop_app.local_server.supervisor import LocalServer\n"
        f"server = LocalServer(Path({str(tmp_path / 'server')!r}), demo_size={DEMO_SIZE})\n"
        "server.start()\n"
        "print(server.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        child_pid = int(app.stdout.readline())
        assert not process_gone(child_pid)
        app.kill()
        app.wait()
        wait_until(lambda: process_gone(child_pid), timeout=10)
    finally:
        app.kill()
        app.wait()
        app.stdout.close()


def test_a_killed_child_is_restarted_on_the_same_port_and_the_app_is_told(servers, tmp_path):
    server = servers(tmp_path / "server", demo_size=DEMO_SIZE)
    notices: list[ServerNotice] = []
    server.watch(notices.append)
    url, first = server.url, server.process
    assert first is not None
    os.kill(first.pid, signal.SIGKILL)
    wait_until(lambda: notices, timeout=30)
    [notice] = notices
    assert not notice.error
    assert "stopped unexpectedly (killed by SIGKILL)" in notice.text and "restarted" in notice.text
    assert server.url == url
    assert server.process is not first and server.process.alive()
    assert call(server, "users.me").json()["login"] == "admin"


def test_a_child_that_keeps_dying_is_left_stopped_with_a_clear_error(servers, tmp_path):
    server = servers(tmp_path / "server", demo_size=DEMO_SIZE, max_restarts=1)
    notices: list[ServerNotice] = []
    server.watch(notices.append)
    os.kill(server.process.pid, signal.SIGKILL)
    wait_until(lambda: len(notices) == 1, timeout=30)
    os.kill(server.process.pid, signal.SIGKILL)
    wait_until(lambda: len(notices) == 2, timeout=30)
    assert notices[1].error
    assert "keeps stopping" in notices[1].text
    time.sleep(0.5)
    assert not server.process.alive() and len(notices) == 2


def test_when_the_port_was_taken_it_restarts_on_a_new_one_and_says_so(servers, tmp_path):
    server = servers(tmp_path / "server", demo_size=DEMO_SIZE)  # not watched: the test restarts it
    old_url, process = server.url, server.process
    process.stop()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", process.port))
        squatter.listen()
        notice = server.restart(-signal.SIGKILL)
    assert notice.error
    assert server.url != old_url and server.url in notice.text
    assert "restart Collections Desk" in notice.text
    assert call(server, "users.me").status_code == 200


def test_a_failed_restart_says_why(servers, tmp_path):
    server = servers(tmp_path / "server", demo_size=DEMO_SIZE)
    server.process.stop()
    (tmp_path / "server" / "server.sqlite").write_bytes(b"this is not a database" * 100)
    # and its write-ahead log with it: a child stopped before its last checkpoint leaves the
    # newest pages there (page 1 too), from which SQLite would read a good header (a flake once)
    for leftover in ("server.sqlite-wal", "server.sqlite-shm"):
        (tmp_path / "server" / leftover).unlink(missing_ok=True)
    started = time.monotonic()
    notice = server.restart(1)
    assert time.monotonic() - started < 15
    assert notice.error
    assert "could not be restarted" in notice.text
    assert "file is not a database" in notice.text


def test_a_bad_database_fails_the_start_quickly_with_the_servers_message(tmp_path):
    data_dir = tmp_path / "server"
    data_dir.mkdir()
    (data_dir / "server.sqlite").write_bytes(b"this is not a database" * 100)
    server = LocalServer(data_dir, demo_size=DEMO_SIZE)
    started = time.monotonic()
    with pytest.raises(ServerStartError) as failure:
        server.start()
    assert time.monotonic() - started < 15
    assert "stopped before serving (exit code 1)" in str(failure.value)
    assert "file is not a database" in str(failure.value)
    assert server.process is not None and not server.process.alive()


def test_a_data_folder_that_is_a_file_fails_the_start_with_its_name(tmp_path):
    data_dir = tmp_path / "server"
    data_dir.write_text("not a folder")
    with pytest.raises(ServerStartError, match="server"):
        LocalServer(data_dir, demo_size=DEMO_SIZE).start()


def test_a_server_that_does_not_start_in_time_is_stopped(tmp_path):
    server = LocalServer(tmp_path / "server", demo_size=DEMO_SIZE, start_timeout=0.01)
    with pytest.raises(ServerStartError, match="did not start within"):
        server.start()
    assert server.process is not None
    assert process_gone(server.process.pid)

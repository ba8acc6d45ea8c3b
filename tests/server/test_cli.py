"""The desktop-app-server command line: serve (as a real subprocess of the
installed entry point), create-user and import."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

from desktop_app.server.cli import main
from desktop_app.server.db import (
    init_schema,
    make_engine,
    make_sessionmaker,
    sqlite_url,
)
from desktop_app.server.db.models import Image, Project, Team, User
from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.secret import SECRET_FILE
from desktop_app.server.signed_urls.signature import sign_path

ENTRY_POINT = Path(sys.executable).parent / "desktop-app-server"


class ServerProcess:
    """`desktop-app-server serve ...` with its stdout read line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [str(ENTRY_POINT), "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def read_until(self, prefix: str, timeout: float = 30) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                self.proc.kill()
                raise AssertionError(f"no line starting with {prefix!r}; stderr: {self.proc.stderr.read()}") from None
            if line.startswith(prefix):
                return line[len(prefix) :].strip()

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def me(url: str, token: str) -> httpx.Response:
    return httpx.post(f"{url}/public/api/v3/users.me", json={}, headers={"x-api-key": token}, timeout=10)


def test_serve_with_demo_and_admin(tmp_path):
    data = tmp_path / "data"
    server = ServerProcess("--port", "0", "--demo", "--demo-size", "20", "--admin-token", "X", "--data-dir", str(data))
    try:
        url = server.read_until("Serving on ")
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        assert server.read_until("Admin token:") == "X"
        demo_token = server.read_until("Demo token:")
        assert me(url, "X").json()["login"] == "admin"
        assert me(url, demo_token).json()["login"] == "demo"
        teams = httpx.post(f"{url}/public/api/v3/teams.list", json={}, headers={"x-api-key": "X"}).json()
        assert [t["name"] for t in teams["entities"]] == ["Demo team"]
        # Storage paths are signed with the secret kept in the data folder, readable by its owner only.
        secret_file = data / SECRET_FILE
        assert secret_file.stat().st_mode & 0o777 == 0o600
        signed = sign_path(secret_file.read_text(), "/storage/images/1.jpg")
        preview = httpx.get(f"{url}/previews/q/ext:jpeg/resize:fit:64:0:0/q:70/plain{signed}")
        assert preview.status_code == 200 and preview.headers["content-type"] == "image/jpeg"
    finally:
        assert server.stop() == 0
    # Same data folder again: the demo is reused, not duplicated; its token is
    # issued anew (only digests are stored) and the admin token still works.
    again = ServerProcess("--port", "0", "--demo", "--data-dir", str(data))
    try:
        url = again.read_until("Serving on ")
        new_demo_token = again.read_until("Demo token:")
        assert "already present" in again.read_until("Demo project")
        assert me(url, new_demo_token).json()["login"] == "demo"
        assert me(url, demo_token).status_code == 401
        assert me(url, "X").json()["login"] == "admin"
        assert httpx.get(f"{url}{signed}").status_code == 200  # the secret survives a restart
    finally:
        again.stop()
    engine = make_engine(sqlite_url(data / "server.sqlite"))
    with make_sessionmaker(engine)() as s:
        # the image, video and point-cloud demos, once each
        assert sorted(s.scalars(select(Project.type))) == ["images", "point_clouds", "videos"]
        street = select(Project.id).where(Project.name == "Street scenes demo").scalar_subquery()
        assert s.scalar(select(func.count()).select_from(Image).where(Image.project_id == street)) == 20
    engine.dispose()


def test_serve_on_a_busy_port_is_a_clear_error(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code = main(["serve", "--port", str(busy.getsockname()[1]), "--data-dir", str(tmp_path)])
    assert code == 2 and "cannot listen" in capsys.readouterr().err


def test_admin_token_of_another_user_is_refused(tmp_path, capsys):
    data = str(tmp_path / "data")
    _code, token, _err = run(capsys, "create-user", "carol", "--data-dir", data)
    code, out, err = run(capsys, "serve", "--port", "0", "--admin-token", token, "--data-dir", data)
    assert code == 2 and "belongs to the user 'carol'" in err and "Serving on" not in out
    engine = make_engine(sqlite_url(tmp_path / "data" / "server.sqlite"))
    with make_sessionmaker(engine)() as s:
        assert list(s.scalars(select(User.login))) == ["carol"]
    engine.dispose()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def test_create_user_prints_a_working_token(tmp_path, capsys):
    data = str(tmp_path / "data")
    code, token, _ = run(
        capsys, "create-user", "carol", "--team", "Crew", "--team-role", "annotator", "--data-dir", data
    )
    assert code == 0 and len(token) >= 32
    code, _, err = run(capsys, "create-user", "carol", "--data-dir", data)
    assert code == 2 and "already exists" in err
    with pytest.raises(SystemExit):
        main(["create-user", "dave", "--team-role", "viewer", "--data-dir", data])
    settings = ServerSettings(db_url=sqlite_url(tmp_path / "data" / "server.sqlite"), data_dir=tmp_path / "data")
    with EmbeddedServer(settings) as server:
        assert me(server.url, token).json()["login"] == "carol"
        teams = httpx.post(f"{server.url}/public/api/v3/teams.list", json={}, headers={"x-api-key": token}).json()
        assert [(t["name"], t["role"]) for t in teams["entities"]] == [("Crew", "annotator")]
        with server.app.state.sessions() as s:
            assert s.scalar(select(func.count()).select_from(User)) == 1


def test_import_through_the_cli(tmp_path, capsys):
    data = str(tmp_path / "data")
    folder = tmp_path / "pics"
    folder.mkdir()
    for i in range(3):
        PILImage.new("RGB", (40, 30), (i * 60, 0, 0)).save(folder / f"{i}.jpg")
    (tmp_path / "empty").mkdir()

    code, _, err = run(capsys, "import", str(folder), "--project", "Pics", "--data-dir", data)
    assert code == 2 and "no team" in err  # nobody could see it
    run(capsys, "create-user", "erin", "--team", "Crew", "--data-dir", data)
    code, out, _ = run(capsys, "import", str(folder), "--project", "Pics", "--data-dir", data)
    assert code == 0 and "Imported 3 images" in out and "'Crew'" in out
    code, _, err = run(capsys, "import", str(tmp_path / "empty"), "--project", "Empty", "--data-dir", data)
    assert code == 2 and err.startswith("error: no images")
    run(capsys, "create-user", "fay", "--team", "Other", "--data-dir", data)
    code, _, err = run(capsys, "import", str(folder), "--project", "Again", "--data-dir", data)
    assert code == 2 and "several teams" in err
    code, _, err = run(capsys, "import", str(folder), "--project", "Pics", "--team", "Crew", "--data-dir", data)
    assert code == 2 and "already has a project named 'Pics'" in err

    engine = make_engine(sqlite_url(tmp_path / "data" / "server.sqlite"))
    init_schema(engine)
    with make_sessionmaker(engine)() as s:
        projects = s.execute(select(Project.name, Team.name).join(Team, Team.id == Project.team_id)).all()
        assert [tuple(p) for p in projects] == [("Pics", "Crew")]
        assert s.scalar(select(func.count()).select_from(Image)) == 3
    engine.dispose()

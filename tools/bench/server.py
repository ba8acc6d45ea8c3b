"""The bundled server as a child process on a free port, over one data dir:
`desktop-app-server serve --demo --demo-size N`, which builds the demo data
the first time and reuses it after."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Running:
    url: str
    token: str  # the demo user's
    project_id: int  # the demo image project ('Street scenes demo')
    data_dir: Path
    process: subprocess.Popen

    @property
    def sqlite(self) -> Path:
        return self.data_dir / "server.sqlite"


def start(data_dir: Path, size: int, timeout: float = 3600.0) -> Running:
    """Start the server; returns once it serves (after building the demo if it is new)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "desktop_app.server", "serve", "--port", "0", "--data-dir", str(data_dir)]
    command += ["--demo", "--demo-size", str(size), "--exit-with-parent"]
    # stdin stays open and unwritten: --exit-with-parent stops the server if this process dies
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    done = threading.Event()

    def read() -> None:  # a thread, so a server that never prints still hits the timeout
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("Demo project"):
                done.set()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not done.wait(1.0):
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError(f"the server did not start within {timeout:.0f} s")
    text = "\n".join(lines)
    url = re.search(r"Serving on (\S+)", text)
    token = re.search(r"Demo token: (\S+)", text)
    project = re.search(r"Demo project .*\(id (\d+),", text)
    if not (url and token and project):
        process.kill()
        raise RuntimeError(f"the server did not start (exit {process.poll()}):\n{text}")
    return Running(url.group(1), token.group(1), int(project.group(1)), data_dir, process)


def stop(server: Running) -> None:
    assert server.process.stdin is not None
    server.process.terminate()  # SIGTERM: a clean stop
    try:
        server.process.wait(30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.process.stdin.close()

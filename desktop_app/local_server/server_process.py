"""One run of `desktop-app-server serve` as a child process.

The child is the same Python running the app (`sys.executable -m
desktop_app.server`), so it works in whatever environment the app runs in.
Its token comes in an environment variable (argv is visible to other users),
its stdin is a pipe we never write to: with `--exit-with-parent` it stops at
EOF, so even a killed app leaves no server holding the database. We read the
`Serving on URL` line from its stdout and keep the last lines of its stderr
to explain a failure."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

# Same name as desktop_app.server.cli.ADMIN_TOKEN_ENV (the server cannot be imported here: it pulls in
# FastAPI and SQLAlchemy, which the app's process must not load).
ADMIN_TOKEN_ENV = "DESKTOP_APP_SERVER_ADMIN_TOKEN"
SERVING_PREFIX = "Serving on "
STDERR_LINES_KEPT = 20


class ServerStartError(RuntimeError):
    """The child did not get to serving; the message ends with its last stderr lines."""


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class ServerProcess:
    """Launched at construction; `wait_until_serving()` returns its URL."""

    def __init__(self, data_dir: Path, token: str, *, port: int = 0, demo_size: int | None = None) -> None:
        self.data_dir = data_dir
        self.url: str | None = None
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_LINES_KEPT)
        self._serving = threading.Event()  # set at the URL line, or when stdout ends
        command = [
            sys.executable,
            "-m",
            "desktop_app.server",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--exit-with-parent",
        ]
        if demo_size:
            command += ["--demo", "--demo-size", str(demo_size)]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, ADMIN_TOKEN_ENV: token, "PYTHONUNBUFFERED": "1"},
            text=True,
            encoding="utf-8",
            errors="replace",
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console window
        )
        assert self._process.stdout is not None and self._process.stderr is not None
        # Both pipes are drained for the child's whole life: a full pipe would block it.
        self._readers = [
            threading.Thread(
                target=self._read_stdout, args=(self._process.stdout,), daemon=True, name=f"server-{self.pid}-stdout"
            ),
            threading.Thread(
                target=self._read_stderr, args=(self._process.stderr,), daemon=True, name=f"server-{self.pid}-stderr"
            ),
        ]
        for reader in self._readers:
            reader.start()

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def port(self) -> int | None:
        return int(self.url.rsplit(":", 1)[1]) if self.url else None

    def _read_stdout(self, stream: IO[str]) -> None:
        for line in stream:
            if self.url is None and line.startswith(SERVING_PREFIX):
                self.url = line[len(SERVING_PREFIX) :].strip()
                self._serving.set()
        self._serving.set()

    def _read_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr_tail.append(line.rstrip("\n"))

    def stderr_tail(self) -> str:
        return "\n".join(self._stderr_tail)

    def wait_until_serving(self, timeout: float) -> str:
        if not self._serving.wait(timeout):
            self.stop()
            raise ServerStartError(self._failure(f"did not start within {timeout:g} s"))
        if self.url is None:
            code = self._process.wait()
            self._readers[1].join(2)  # the whole stderr, for the message
            raise ServerStartError(self._failure(f"stopped before serving ({describe_exit(code)})"))
        return self.url

    def _failure(self, what: str) -> str:
        tail = self.stderr_tail()
        return f"The local server {what}." + (f"\n{tail}" if tail else "")

    def wait(self) -> int:
        """Block until the child exits; its exit code."""
        return self._process.wait()

    def alive(self) -> bool:
        return self._process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM, a few seconds to finish, then SIGKILL."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for reader in self._readers:
            reader.join(2)
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()

    def __repr__(self) -> str:
        return f"ServerProcess(pid={self.pid}, url={self.url!r})"

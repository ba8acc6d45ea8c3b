"""The embedded server for the app's whole run: start, watch, restart, stop.

A watcher thread waits for the child to exit. If that was not asked for, it
starts a new child on the same port (the app's ApiClient keeps its base URL)
and reports what happened through `notify`, called on the watcher thread:
the caller hands it over to its own event loop. If the port was taken
meanwhile the server starts on a new one, and the notice says the app must
be restarted to reach it. A server that keeps stopping is left stopped."""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .app_token import app_token
from .server_process import ServerProcess, ServerStartError, describe_exit

log = logging.getLogger(__name__)

PORT_TAKEN = "cannot listen on"  # the start of serve's message when the port is in use


@dataclass(frozen=True)
class ServerNotice:
    text: str
    error: bool


class LocalServer:
    def __init__(
        self,
        data_dir: Path,
        *,
        demo_size: int | None = None,
        start_timeout: float | None = None,
        max_restarts: int = 3,
        restart_window: float = 60.0,
    ) -> None:
        self.data_dir = data_dir
        self.demo_size = demo_size
        # A first start creates the demo: ~0.3 ms an image here, so a million takes minutes.
        self.start_timeout = start_timeout or 60.0 + (demo_size or 0) / 2000
        self.max_restarts = max_restarts  # within restart_window seconds; then it stays stopped
        self.restart_window = restart_window
        self.token = ""
        self.url = ""
        self._process: ServerProcess | None = None
        self._restarts: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = False
        self._watcher: threading.Thread | None = None

    @property
    def process(self) -> ServerProcess | None:
        return self._process

    def start(self) -> str:
        """Start the child and wait until it serves (creating the demo on first run); its URL."""
        try:
            self.token = app_token(self.data_dir)
        except OSError as exc:
            raise ServerStartError(f"The local server's data folder {self.data_dir} cannot be used: {exc}") from exc
        self.url = self._launch(port=0)
        log.info("embedded server on %s (pid %s)", self.url, self._process.pid if self._process else None)
        return self.url

    def _launch(self, port: int) -> str:
        with self._lock:
            if self._stopping:
                raise ServerStartError("The local server is stopping.")
            previous = self._process
            self._process = ServerProcess(self.data_dir, self.token, port=port, demo_size=self.demo_size)
            process = self._process
        if previous is not None:
            previous.stop()  # exited already: this closes its pipes
        return process.wait_until_serving(self.start_timeout)

    def watch(self, notify: Callable[[ServerNotice], None]) -> None:
        """Restart the child whenever it dies unasked; `notify` is called on the watcher thread."""
        self._watcher = threading.Thread(target=self._watch, args=(notify,), name="server-watcher", daemon=True)
        self._watcher.start()

    def _watch(self, notify: Callable[[ServerNotice], None]) -> None:
        while True:
            process = self._process
            if process is None:
                return
            code = process.wait()
            if self._stopping:
                return
            notice = self.restart(code)
            if self._stopping:
                return
            notify(notice)
            if notice.error and not self._process_alive():
                return

    def _process_alive(self) -> bool:
        return self._process is not None and self._process.alive()

    def restart(self, code: int) -> ServerNotice:
        """After the child exited with `code`: a new one, on the same port if it is free."""
        what = f"The local server stopped unexpectedly ({describe_exit(code)})"
        log.warning("%s; last error output:\n%s", what, self._process.stderr_tail() if self._process else "")
        now = time.monotonic()
        while self._restarts and now - self._restarts[0] > self.restart_window:
            self._restarts.popleft()
        if len(self._restarts) >= self.max_restarts:
            tail = self._process.stderr_tail() if self._process else ""
            return ServerNotice(
                f"{what} and keeps stopping: it was not restarted again "
                "(restart Collections Desk to try again)." + (f"\n{tail}" if tail else ""),
                error=True,
            )
        self._restarts.append(now)
        old_url = self.url
        port = int(old_url.rsplit(":", 1)[1])
        try:
            self.url = self._launch(port)
        except ServerStartError as exc:
            if PORT_TAKEN not in str(exc):
                return ServerNotice(f"{what} and could not be restarted. {exc}", error=True)
            try:
                self.url = self._launch(0)
            except ServerStartError as again:
                return ServerNotice(f"{what} and could not be restarted. {again}", error=True)
            return ServerNotice(
                f"{what}. Its port was taken, so it runs again on {self.url}: restart Collections Desk to reconnect.",
                error=True,
            )
        return ServerNotice(f"{what}; it was restarted.", error=False)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the child (SIGTERM, then SIGKILL after `timeout`) and the watcher."""
        with self._lock:
            self._stopping = True
            process = self._process
        if process is not None:
            process.stop(timeout)
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout)

    def __repr__(self) -> str:
        return f"LocalServer({self.data_dir}, url={self.url!r})"

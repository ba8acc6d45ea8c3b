"""The bundled server as a real child process (`python -m desktop_app.server
serve`), so a test can SIGKILL it, restart it on the same database, or run
two of them on one PostgreSQL database."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path


class ServerChild:
    def __init__(self, data_dir: Path, db_url: str | None = None, *extra: str) -> None:
        args = [sys.executable, "-m", "desktop_app.server", "serve", "--port", "0", "--data-dir", str(data_dir)]
        if db_url:
            args += ["--db", db_url]
        args += extra
        data_dir.mkdir(parents=True, exist_ok=True)
        # stderr to a file: a pipe nobody reads would fill up with the log and stall the server
        self.log_path = data_dir / f"server-{id(self)}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log, text=True)
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = self._read_until("Serving on ")

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))

    def _read_until(self, prefix: str, timeout: float = 60) -> str:
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                self.kill()
                raise AssertionError(f"server did not start; its log:\n{self.log_path.read_text()}") from None
            if line.startswith(prefix):
                return line[len(prefix) :].strip()

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a power cut of the process."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def log_text(self) -> str:
        return self.log_path.read_text()

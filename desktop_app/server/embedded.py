"""Run the server with uvicorn in a background thread on a free loopback port.

The desktop app uses this when no server is configured, and the tests use it
to talk to the real server over HTTP."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from desktop_app.server.app import create_app
from desktop_app.server.settings import ServerSettings


class EmbeddedServer:
    def __init__(self, settings: ServerSettings, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this; without it every response waits
        # ~40 ms for a delayed ACK (Nagle), measured on loopback.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="embedded-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        self._server.run(sockets=[self._sock])

    def start(self, timeout: float = 10.0) -> EmbeddedServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("embedded server did not start")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 5.0, *, wait: bool = True) -> None:
        """Stop serving. uvicorn needs ~0.2 s to wind down; with wait=False
        (tests) that happens in the background while the caller goes on."""
        # force_exit: in-flight handlers must not delay shutdown
        self._server.should_exit = True
        self._server.force_exit = True
        if wait:
            self._thread.join(timeout)
            self._sock.close()
            self.app.state.engine.dispose()

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

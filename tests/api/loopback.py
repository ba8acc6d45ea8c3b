"""Tiny ASGI servers for the client tests, run by uvicorn in a thread on a
pre-bound loopback socket (the pattern of desktop_app/server/embedded.py).

`FlakyServer` answers its first requests with scripted failures (429 with
Retry-After, 503, an HTML page...) and then forwards every request to an
upstream server (the real bundled one), or answers 200 {} without one."""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import httpx
import uvicorn


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"error": "scripted failure", "details": {"message": "try again"}}'
    content_type: str = "application/json"


class FlakyApp:
    def __init__(self, failures: list[Failure], upstream: str | None = None) -> None:
        self.failures = deque(failures)
        self.upstream = upstream
        self.requests: list[tuple[str, float]] = []  # (path, monotonic time)
        self.bodies: list[bytes] = []

    @property
    def count(self) -> int:
        return len(self.requests)

    async def __call__(self, scope, receive, send) -> None:
        assert scope["type"] == "http"
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.requests.append((scope["path"], time.monotonic()))
        self.bodies.append(body)
        await self.before_answer()
        if self.failures:
            f = self.failures.popleft()
            return await _respond(send, f.status, f.body, {"content-type": f.content_type, **f.headers})
        if self.upstream is None:
            return await _respond(send, 200, b"{}", {"content-type": "application/json"})
        headers = {k.decode(): v.decode() for k, v in scope["headers"] if k in (b"x-api-key", b"content-type")}
        async with httpx.AsyncClient(base_url=self.upstream) as client:
            r = await client.request(scope["method"], scope["path"], content=body, headers=headers)
        await _respond(send, r.status_code, r.content, {"content-type": r.headers.get("content-type", "")})

    async def before_answer(self) -> None:
        """A hook for subclasses (e.g. to answer slowly)."""


async def _respond(send, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw = [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class LoopbackServer:
    def __init__(self, app) -> None:
        self.app = app
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("loopback server did not start")
            time.sleep(0.005)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._server.force_exit = True
        self._thread.join(5)
        self._sock.close()


def closed_port_url() -> str:
    """An address where nothing listens: bind a free port, then release it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"

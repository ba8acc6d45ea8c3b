"""Calls to an embedded server child, and checks on its process."""

from __future__ import annotations

import os
import time
from typing import Any

import httpx

from desktop_app.local_server.supervisor import LocalServer


def call(server: LocalServer, method: str, body: Any = None) -> httpx.Response:
    return httpx.post(
        f"{server.url}/public/api/v3/{method}",
        json={} if body is None else body,
        headers={"x-api-key": server.token},
        timeout=10,
    )


def demo_projects(server: LocalServer) -> list[dict]:
    response = call(server, "projects.list")
    assert response.status_code == 200, response.text
    return [p for p in response.json()["entities"] if p["name"] == "Street scenes demo"]


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie is gone for our purposes only once reaped; /proc tells (Linux)
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"
    except FileNotFoundError:
        return True


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {condition}")
        time.sleep(0.05)

"""Domain tests: the real server (SQLite) with the small known world, and a
plain-httpx way for domain code to call it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from desktop_app.api.errors import error_for_status
from tests.conftest import Live
from tests.server.world import ALICE, build_world


@pytest.fixture
def world(live: Live):
    return build_world(live.sessions())


class PlainCaller:
    """POST a v3 method with httpx and turn non-200 answers into api errors."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token

    async def __call__(self, method: str, body: dict[str, Any]) -> Any:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=10) as http:
            resp = await http.post(f"/public/api/v3/{method}", json=body, headers={"x-api-key": self.token})
        body_json = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else None
        if resp.status_code != 200:
            raise error_for_status(resp.status_code, method, body_json)
        return body_json


@pytest.fixture
def alice_calls(live: Live, world) -> PlainCaller:
    return PlainCaller(live.url, ALICE)

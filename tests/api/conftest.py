"""Fixtures for the api client tests: the real server on loopback (SQLite),
the known world of tests/server/world.py, and a client logged in as alice.

Async tests run on asyncio through anyio's pytest plugin (shipped with httpx's
dependency anyio): mark them with pytest.mark.anyio."""
from __future__ import annotations

import pytest

from desktop_app.api import ApiClient
from tests.server.world import ALICE, build_world


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def world(live):
    return build_world(live.sessions())


@pytest.fixture
async def api(live, world):
    """alice's client; a short retry budget keeps failing tests fast."""
    async with ApiClient(live.url, ALICE, read_retry_budget=1.0) as client:
        yield client

"""Fixtures for the api client tests: the real server on loopback (SQLite),
the known world of tests/server/world.py, and a client logged in as alice.

Async tests run on asyncio through anyio's pytest plugin (shipped with httpx's
dependency anyio): mark them with pytest.mark.anyio."""

from __future__ import annotations

import pytest

from desktop_app.api import ApiClient
from desktop_app.server.db.models import Dataset, Image
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


@pytest.fixture
def add_images(live, world):
    """add_images(dataset_key, n, prefix) -> new image ids, written straight into the DB."""

    def add(dataset: str, n: int, prefix: str) -> list[int]:
        with live.sessions()() as s, s.begin():
            ds = s.get(Dataset, world[dataset])
            rows = [
                Image(
                    dataset_id=ds.id,
                    project_id=ds.project_id,
                    name=f"{prefix}_{i:03d}.jpg",
                    width=64,
                    height=48,
                    mime="image/jpeg",
                )
                for i in range(n)
            ]
            s.add_all(rows)
            s.flush()
            return [r.id for r in rows]

    return add

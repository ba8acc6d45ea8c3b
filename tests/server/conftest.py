"""Server tests run twice: on SQLite and on PostgreSQL (skipped without
TEST_POSTGRES_URL; .ci/run provides one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Live, start_live


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[Live]:
    yield from start_live(db_url, tmp_path / "data")


@pytest.fixture
def world(live: Live):
    from tests.server.world import build_world

    return build_world(live.sessions())

"""Two server processes started at the same moment on an EMPTY PostgreSQL
database both come up: the schema upgrade takes turns behind an advisory lock
(db/schema.py) and the admin user both want to create is made once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import POSTGRES_URL
from tests.server.reliability.server_child import ServerChild

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run sets it)")
    import psycopg

    name = "e_" + uuid.uuid4().hex[:16]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_servers_start_together_on_an_empty_database(empty_postgres_url, tmp_path: Path):
    def start(n: int) -> ServerChild:
        return ServerChild(tmp_path / f"server{n}", empty_postgres_url, "--admin-token", "ADMIN")

    with ThreadPoolExecutor(2) as pool:
        children = list(pool.map(start, range(2)))
    try:
        for child in children:
            me = httpx.post(f"{child.url}/public/api/v3/users.me", json={}, headers={"x-api-key": "ADMIN"}, timeout=30)
            assert me.status_code == 200 and me.json()["login"] == "admin", me.text
        assert children[0].proc.poll() is None and children[1].proc.poll() is None
    finally:
        for child in children:
            child.stop()

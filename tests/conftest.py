"""Shared fixtures: the real bundled server on a loopback port, with a real
database file (or a fresh PostgreSQL database when TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import pytest

from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
DEFAULT_GC_THRESHOLDS = gc.get_threshold()


FULL_COLLECTION_EVERY = 20  # tests
_tests_run = [0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    from desktop_app.qt import gc_policy

    # What the last test left is collected now (a stopped server's thread lets go of its
    # app only after the test), and what lives on is frozen: the collections at this
    # test's end then look only at the objects made since. A full collection over PySide
    # and every module took about half the run's time when each test did one. What turns
    # to garbage once frozen (servers still winding down) is freed every few tests.
    _tests_run[0] += 1
    if _tests_run[0] % FULL_COLLECTION_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    settled = gc_policy.settled_times
    yield
    # Only the tests need this now: the app runs its server as a child process, but tests
    # run it in a thread of their own process (fast, and they read its database directly).
    # Fixture values (an AppState and, through it, the test's qasync loop and its timer
    # object) are released only now. Collect them here, on the GUI thread: left to a later
    # collection in the next test's server thread, Qt objects die on the wrong thread and a
    # timer fires on a deleted object (segmentation fault). A test that started the app's
    # window froze the collector's objects (qt/gc_policy.py): make them collectable again.
    if gc_policy.settled_times != settled:
        gc.unfreeze()
    gc.set_threshold(*DEFAULT_GC_THRESHOLDS)
    gc.collect()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.sqlite'}"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """One database with the server's schema for this test process (each
    xdist worker has its own); emptied before every test. Creating a database
    costs ~0.4 s here, emptying one ~20 ms."""
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run sets it)")
    import psycopg

    from desktop_app.server.db import init_schema, make_engine

    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = POSTGRES_URL.rpartition("/")
    url = f"{base}/{name}"
    engine = make_engine(url)
    init_schema(engine)
    engine.dispose()
    yield url
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """The worker's database, empty but for the schema, ids starting at 1."""
    import psycopg

    from desktop_app.server.db.models import Base

    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        # servers of earlier tests wind down in the background: end their sessions first
        # (only our own client sessions: autovacuum workers belong to the superuser)
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND usename = current_user AND backend_type = 'client backend'"
        )
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return postgres_database


@dataclass
class Live:
    """A running server and a way to call it as a given user."""

    server: EmbeddedServer
    http: httpx.Client

    @property
    def url(self) -> str:
        return self.server.url

    def sessions(self):
        return self.server.app.state.sessions

    def sign(self, path: str, **when: Any) -> str:
        """The signed form of a storage path ("/storage/images/7.jpg"), as this server hands it out."""
        from desktop_app.server.signed_urls.signature import sign_path

        return sign_path(self.server.app.state.settings.url_secret, path, **when)

    def call(self, method: str, body: Any = None, token: str | None = None) -> httpx.Response:
        headers = {"x-api-key": token} if token else {}
        return self.http.post(f"/public/api/v3/{method}", json={} if body is None else body, headers=headers)


def start_live(db_url: str, data_dir: Path) -> Iterator[Live]:
    server = EmbeddedServer(ServerSettings(db_url=db_url, data_dir=data_dir)).start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield Live(server, http)
    server.stop(wait=False)  # uvicorn winds down in the background


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[Live]:
    yield from start_live(sqlite_url, tmp_path / "data")

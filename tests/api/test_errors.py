"""Every error type, each provoked by a real server answer (the bundled server,
or a loopback server scripted to fail) or a real closed port."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from desktop_app.api import (
    ApiClient,
    BadResponse,
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Unavailable,
)
from desktop_app.server.db.models import Collection
from tests.api.loopback import Failure, FlakyApp, LoopbackServer, closed_port_url

pytestmark = pytest.mark.anyio


def collection_count(live) -> int:
    with live.sessions()() as s:
        return s.scalar(select(func.count()).select_from(Collection))


async def test_bad_token_is_not_authenticated(live, world):
    async with ApiClient(live.url, "not-a-real-token") as api:
        with pytest.raises(NotAuthenticated) as info:
            await api.users.me()
    err = info.value
    assert err.status == 401 and err.method == "users.me"
    assert err.message  # the server's details.message
    assert "token" in str(err).lower()


async def test_missing_token_is_not_authenticated(live, world):
    async with ApiClient(live.url, None) as api:
        with pytest.raises(NotAuthenticated):
            await api.projects.info(world["p1"])


async def test_unknown_and_invisible_ids_are_not_found(api, world):
    with pytest.raises(NotFound) as info:
        await api.projects.info(987654)
    assert info.value.status == 404 and info.value.method == "projects.info"
    with pytest.raises(NotFound):
        await api.projects.info(world["pb"])  # bob's project: alice must not learn it exists
    with pytest.raises(NotFound):
        await api.images.info(987654)
    with pytest.raises(NotFound):
        await api.collections.info(987654)


async def test_unknown_method_is_not_found(api):
    with pytest.raises(NotFound) as info:
        await api.connection.call("no.such.method", {}, idempotent=True)
    assert "no.such.method" in info.value.message


async def test_duplicate_name_is_a_conflict_and_changes_nothing(api, live, world):
    await api.collections.create(world["p1"], "false positives")
    before = collection_count(live)
    with pytest.raises(Conflict) as info:
        await api.collections.create(world["p1"], "false positives", "again")
    err = info.value
    assert isinstance(err, InvalidInput) and err.type == "NONUNIQUE" and err.status == 400
    assert "already" in str(err)
    assert collection_count(live) == before


async def test_invalid_input_carries_the_servers_message(api, live, world):
    before = collection_count(live)
    with pytest.raises(InvalidInput) as info:
        await api.collections.create(world["p1"], "   ")
    err = info.value
    assert not isinstance(err, Conflict) and err.status == 400
    assert "name" in err.message and err.message in str(err)
    assert collection_count(live) == before
    with pytest.raises(InvalidInput) as info:
        await api.images.list(project_id=world["p1"], filter=[{"field": "nope", "operator": "=", "value": 1}])
    assert "nope" in str(info.value)


async def test_closed_port_is_unavailable_for_reads_and_writes():
    url = closed_port_url()
    async with ApiClient(url, "t", read_retry_budget=0.3, retry_base_delay=0.02) as api:
        started = time.monotonic()
        with pytest.raises(Unavailable) as info:
            await api.users.me()
        assert time.monotonic() - started < 2.0
        assert info.value.maybe_applied is False and info.value.status is None
        with pytest.raises(Unavailable) as info:
            await api.collections.create(1, "x")
        assert info.value.maybe_applied is False
        assert "reached" in str(info.value)


async def test_forbidden_and_unreadable_answers():
    app = FlakyApp(
        [
            Failure(403, body=b'{"error": "Forbidden", "details": {"message": "viewers cannot edit"}}'),
            Failure(200, body=b"<html>login page</html>", content_type="text/html"),
            Failure(302, headers={"location": "https://example.test/"}, body=b""),
        ]
    )
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t") as api:
            with pytest.raises(Forbidden) as info:
                await api.users.me()
            assert info.value.message == "viewers cannot edit" and info.value.status == 403
            with pytest.raises(BadResponse):
                await api.users.me()
            with pytest.raises(BadResponse) as info:
                await api.users.me()
            assert "https://example.test/" in info.value.message
    assert app.count == 3  # none of these is retried

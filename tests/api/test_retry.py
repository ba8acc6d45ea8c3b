"""The read retry budget and the never-retried writes, against a real loopback
server that fails on purpose before forwarding to the real bundled server."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from desktop_app.api import ApiClient, RateLimited, Unavailable
from desktop_app.server.db.models import Collection
from tests.api.loopback import Failure, FlakyApp, LoopbackServer
from tests.server.world import ALICE

pytestmark = pytest.mark.anyio

FAST = dict(retry_base_delay=0.02, retry_max_delay=0.2)


async def test_read_waits_for_retry_after_then_succeeds(live, world):
    app = FlakyApp([Failure(429, {"retry-after": "1"}), Failure(503), Failure(502)], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, ALICE, read_retry_budget=5.0, **FAST) as api:
            started = time.monotonic()
            me = await api.users.me()
            elapsed = time.monotonic() - started
    assert me.login == "alice"
    assert app.count == 4
    first, second = app.requests[0][1], app.requests[1][1]
    assert second - first >= 0.95  # Retry-After: 1 was honoured
    assert elapsed < 3.0


async def test_read_gives_up_within_the_budget():
    app = FlakyApp([Failure(503)] * 1000)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t", read_retry_budget=0.6, **FAST) as api:
            started = time.monotonic()
            with pytest.raises(Unavailable) as info:
                await api.projects.info(1)
            elapsed = time.monotonic() - started
    assert info.value.status == 503
    assert elapsed <= 0.6 + 0.5, elapsed  # the budget, plus the last attempt on a busy machine
    assert app.count >= 4  # it did retry meanwhile


async def test_retry_after_beyond_the_budget_fails_at_once():
    app = FlakyApp([Failure(429, {"retry-after": "30"})] * 10)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t", read_retry_budget=2.0, **FAST) as api:
            started = time.monotonic()
            with pytest.raises(RateLimited) as info:
                await api.users.me()
            elapsed = time.monotonic() - started
    assert info.value.retry_after == 30 and info.value.status == 429
    assert elapsed < 0.5 and app.count == 1


async def test_persistent_429_ends_as_rate_limited():
    app = FlakyApp([Failure(429, {"retry-after": "0"})] * 1000)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t", read_retry_budget=0.5, **FAST) as api:
            with pytest.raises(RateLimited):
                await api.users.me()
    assert app.count >= 2


def collection_count(live) -> int:
    with live.sessions()() as s:
        return s.scalar(select(func.count()).select_from(Collection))


@pytest.mark.parametrize(
    "failure, error",
    [
        (Failure(503), Unavailable),
        (Failure(429, {"retry-after": "0"}), RateLimited),
    ],
)
async def test_writes_are_never_retried(live, world, failure, error):
    app = FlakyApp([failure], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, ALICE, read_retry_budget=5.0, **FAST) as api:
            with pytest.raises(error) as info:
                await api.collections.create(world["p1"], "once")
            if error is Unavailable:
                assert info.value.maybe_applied  # the server answered: it may have acted
            assert app.count == 1
            assert collection_count(live) == 0
            # the next attempt (the outbox's) goes through
            created = await api.collections.create(world["p1"], "once")
    assert created.name == "once" and collection_count(live) == 1


async def test_concurrency_is_bounded():
    """max_concurrency caps the requests in flight on the one shared client."""
    import asyncio

    in_flight = peak = 0

    class Counting(FlakyApp):
        async def __call__(self, scope, receive, send):
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.05)
            try:
                await super().__call__(scope, receive, send)
            finally:
                in_flight -= 1

    app = Counting([], upstream=None)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t", max_concurrency=3) as api:
            await asyncio.gather(*(api.connection.call("x.y", {}, idempotent=True) for _ in range(12)))
    assert app.count == 12 and peak == 3

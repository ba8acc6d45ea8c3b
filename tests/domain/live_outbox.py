"""What the live domain tests share: alice's ApiClient, a real Outbox in
tmp_path with short backoffs (stopped and closed, with the client, when the
test is done), and `run` for a coroutine with a 30 s cap."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from desktop_app.api import ApiClient
from desktop_app.domain.outbox import Outbox, OutboxSender
from tests.server.world import ALICE


def alice_api(url: str) -> ApiClient:
    return ApiClient(url, ALICE, read_retry_budget=0.2)


@asynccontextmanager
async def fast_outbox(api: ApiClient, tmp_path, sender: OutboxSender, *, start: bool = True) -> AsyncIterator[Outbox]:
    """An Outbox sending through `sender`, started unless `start` is False; `api` is closed with it."""
    outbox = Outbox(tmp_path / "outbox.sqlite", sender, backoff_base=0.05, backoff_max=0.2)
    if start:
        outbox.start()
    try:
        yield outbox
    finally:
        await outbox.stop()
        outbox.close()
        await api.aclose()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))

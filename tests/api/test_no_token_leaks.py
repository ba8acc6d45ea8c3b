"""The API token never appears in log records (any logger, DEBUG and up) nor
in the errors and reprs the client produces, on success, failure and retry."""

from __future__ import annotations

import logging
import traceback

import pytest

from desktop_app.api import ApiClient, ApiError
from desktop_app.server.db.models import Team
from desktop_app.server.users.bootstrap import ensure_member, ensure_user
from tests.api.loopback import Failure, FlakyApp, LoopbackServer, closed_port_url

pytestmark = pytest.mark.anyio

SECRET = "tok-S3CR3T-5f1e0c2a9b"
BAD = "bad-S3CR3T-77aa01"


def exception_texts(exc: BaseException) -> list[str]:
    texts = []
    while exc is not None:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        exc = exc.__cause__ or exc.__context__
    return texts


async def test_token_is_never_logged_nor_shown(live, world, caplog):
    with live.sessions()() as s, s.begin():
        carol = ensure_user(s, "carol", token=SECRET)
        ensure_member(s, s.get(Team, world["team_a"]), carol, "admin")
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []

    async def expect_error(coro):
        try:
            await coro
        except ApiError as exc:
            texts.extend(exception_texts(exc))
        else:
            raise AssertionError("an error was expected")

    async with ApiClient(live.url, SECRET, read_retry_budget=0.3, retry_base_delay=0.02) as api:
        texts += [repr(api), repr(api.connection), str(vars(api.users))]
        assert (await api.users.me()).login == "carol"
        images = await api.images.list(project_id=world["p1"], per_page=4)
        await api.images.preview(images[0], 64)  # a GET on the server's origin, with the token
        await api.collections.create(world["p1"], "c")
        await expect_error(api.collections.create(world["p1"], "c"))  # conflict
        await expect_error(api.projects.info(987654))  # not found
        await expect_error(api.collections.create(world["p1"], ""))  # invalid input
    async with ApiClient(live.url, BAD) as api:
        await expect_error(api.users.me())  # 401

    app = FlakyApp([Failure(503)] * 100)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, SECRET, read_retry_budget=0.3, retry_base_delay=0.02) as api:
            await expect_error(api.users.me())  # retried, then gives up
            await expect_error(api.collections.create(1, "x"))
    async with ApiClient(closed_port_url(), SECRET, read_retry_budget=0.2, retry_base_delay=0.02) as api:
        await expect_error(api.users.me())

    assert len(caplog.records) > 10  # DEBUG records of httpx/httpcore and the client were captured
    assert any(r.name.startswith("desktop_app.api") for r in caplog.records)  # the retries were logged
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    texts.append(caplog.text)
    for secret in (SECRET, BAD):
        assert not [t for t in texts if secret in t]


def test_the_token_is_sent_only_to_the_servers_origin():
    """Storage URLs on another host (e.g. a CDN) get no x-api-key."""
    import asyncio

    import httpx

    seen = {}

    def answer(request: httpx.Request) -> httpx.Response:
        seen[request.url.host] = request.headers.get("x-api-key")
        return httpx.Response(200, content=b"jpeg")

    async def run():
        async with ApiClient("http://server.test", SECRET, transport=httpx.MockTransport(answer)) as api:
            await api.connection.get_bytes("http://server.test/storage/1.jpg")
            await api.connection.get_bytes("http://cdn.test/storage/1.jpg")

    asyncio.run(run())
    assert seen == {"server.test": SECRET, "cdn.test": None}

"""images.remove: the SDK's images.bulk.remove batches, sent once, against a
mock transport (the bytes) and the real server (the effect)."""

from __future__ import annotations

import json

import httpx
import pytest

from desktop_app.api import ApiClient, NotFound, Unavailable

pytestmark = pytest.mark.anyio


async def test_remove_sends_the_sdks_batches_of_50():
    sent: list[tuple[str, dict]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path.rsplit("/", 1)[-1], json.loads(request.content)))
        return httpx.Response(200, json={"success": True})

    async with ApiClient("127.0.0.1:1/", "t", transport=httpx.MockTransport(answer)) as api:
        await api.images.remove(list(range(1, 121)))
        await api.images.remove([])
    assert [m for m, _ in sent] == ["images.bulk.remove"] * 3
    assert [b for _, b in sent] == [
        {"imageIds": list(range(1, 51))},
        {"imageIds": list(range(51, 101))},
        {"imageIds": list(range(101, 121))},
    ]


async def test_remove_is_a_write_and_never_retried():
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(503, json={"error": "busy", "details": {"message": "busy"}})

    async with ApiClient("127.0.0.1:1/", "t", transport=httpx.MockTransport(answer), read_retry_budget=5.0) as api:
        with pytest.raises(Unavailable):
            await api.images.remove([1, 2, 3])
    assert calls == 1


async def test_remove_against_the_server(api, world, add_images):
    extra = add_images("d2", 60, "bulk")
    first = world.images["d1"][0]
    await api.images.remove([first, *extra])
    for image_id in (first, extra[0], extra[-1]):
        with pytest.raises(NotFound):
            await api.images.info(image_id)
    # ids already gone are not an error
    await api.images.remove([first, *extra])
    left = await api.images.list(project_id=world["p1"])
    assert sorted(i.id for i in left) == sorted(world.images["d1"][1:] + world.images["d2"])

"""The queue work calls of the client: bodies, errors from the real server
(403 wrong role, 400 wrong state, 404 unknown item), never retried, and
QueueWorkUnsupported from a server that lacks the methods."""

from __future__ import annotations

import json

import pytest

from desktop_app.api import ApiClient, Forbidden, InvalidInput, NotFound, Unavailable
from desktop_app.api.errors import QueueWorkUnsupported
from desktop_app.api.queues import queue_web_url
from tests.api.loopback import Failure, FlakyApp, LoopbackServer
from tests.server.world import ADMIN

pytestmark = pytest.mark.anyio

METHOD_NOT_FOUND = b'{"error": "Method not found", "details": {"message": "unknown method \'x\'"}}'


async def queue_for(api, world, ids):
    coll = await api.collections.create(world["p1"], "to label")
    await api.collections.add_items(coll.id, ids)
    return await api.queues.create("fix", [world["alice"]], [world["admin"]], collection_id=coll.id)


def calls(api):
    return [
        api.queues.take_next(3),
        api.queues.submit(3, 101),
        api.queues.review_next(3),
        api.queues.accept(3, 101),
        api.queues.reject(3, 101, "too loose"),
    ]


@pytest.mark.parametrize(
    "body, content_type",
    [
        (METHOD_NOT_FOUND, "application/json"),
        (b"<html><body>404 Not Found</body></html>", "text/html"),  # a proxy's page: no {error, details}
    ],
)
async def test_a_server_without_the_methods_says_so(body, content_type):
    app = FlakyApp([Failure(404, body=body, content_type=content_type)] * 5)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "t") as api:
            for call in calls(api):
                with pytest.raises(QueueWorkUnsupported) as info:
                    await call
                assert "web interface" in str(info.value)
    sent = [(path.rsplit("/", 1)[-1], json.loads(b)) for (path, _), b in zip(app.requests, app.bodies)]
    assert sent == [
        ("labeling-queues.entities.take-next", {"id": 3}),
        ("labeling-queues.entities.submit", {"id": 3, "entityId": 101}),
        ("labeling-queues.entities.review-next", {"id": 3}),
        ("labeling-queues.entities.accept", {"id": 3, "entityId": 101}),
        ("labeling-queues.entities.reject", {"id": 3, "entityId": 101, "comment": "too loose"}),
    ]


async def test_an_unknown_queue_or_item_is_not_found_not_unsupported(api, world):
    queue_id = await queue_for(api, world, world.images["d1"][:2])
    with pytest.raises(NotFound) as info:
        await api.queues.take_next(987654)
    assert not isinstance(info.value, QueueWorkUnsupported)
    with pytest.raises(NotFound) as info:
        await api.queues.submit(queue_id, world.images["d2"][0])  # not an item of the queue
    assert not isinstance(info.value, QueueWorkUnsupported)


async def test_roles_and_states_are_checked_by_the_server(api, world, live):
    first, second = world.images["d1"][:2]
    queue_id = await queue_for(api, world, [first, second])
    async with ApiClient(live.url, ADMIN, read_retry_budget=1.0) as admin:
        with pytest.raises(Forbidden):
            await admin.queues.take_next(queue_id)  # admin only reviews
        with pytest.raises(Forbidden):
            await api.queues.review_next(queue_id)  # alice only labels
        taken = await api.queues.take_next(queue_id)
        assert (taken.id, taken.status, taken.labeler_id, taken.dataset_id) == (
            first,
            "annotating",
            world["alice"],
            world["d1"],
        )
        with pytest.raises(InvalidInput):
            await api.queues.submit(queue_id, second)  # pending: nobody took it
        with pytest.raises(InvalidInput):
            await admin.queues.accept(queue_id, first)  # not submitted yet
        assert await admin.queues.review_next(queue_id) is None


async def test_work_calls_are_never_retried(live, world, api):
    queue_id = await queue_for(api, world, world.images["d1"][:1])
    app = FlakyApp([Failure(503)], upstream=live.url)
    with LoopbackServer(app) as server:
        async with ApiClient(server.url, "alice-token", read_retry_budget=5.0) as flaky:
            with pytest.raises(Unavailable):
                await flaky.queues.take_next(queue_id)
            assert app.count == 1  # a take changes the server: the caller decides whether to ask again
            taken = await flaky.queues.take_next(queue_id)
    assert taken.id == world.images["d1"][0]


def test_the_web_address_of_a_queue():
    assert queue_web_url("https://app.supervisely.com/", 42) == "https://app.supervisely.com/labeling/queues/42"

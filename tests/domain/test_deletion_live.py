"""Deleting items, against the real server: the read-only look before (which
datasets, how many collections, items already gone, unknown when the server
cannot be reached), the delete chunk by chunk, and a Cancel that waits for the
chunk in flight so `deleted` is exactly what the server deleted."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.api import ApiClient
from desktop_app.domain.deleted_items import forget_deleted
from desktop_app.domain.services import Services
from desktop_app.domain.services import deletion as deletion_module
from desktop_app.domain.services.deletion import UNREACHABLE
from tests.domain.live_outbox import alice_api, run


async def project_ids(api: ApiClient, project_id: int) -> set[int]:
    return {i.id for i in await api.images.list(project_id=project_id)}


@pytest.mark.parametrize("chunk", [1000, 2])
def test_the_plan_counts_datasets_collections_and_items_already_gone(live, world, monkeypatch, chunk):
    monkeypatch.setattr(deletion_module, "LOOKUP_CHUNK", chunk)  # several lookups per part, too
    d1, d2 = world.images["d1"], world.images["d2"]

    async def main():
        api = alice_api(live.url)
        try:
            holding = await api.collections.create(world["p1"], "holding")
            await api.collections.add_items(holding.id, [d1[0], d2[4]])
            other = await api.collections.create(world["p1"], "other")
            await api.collections.add_items(other.id, [d2[0]])
            await api.images.remove([d1[4]])  # deleted elsewhere before this look
            collections = await api.collections.list(world["p1"])
            ids = d1[:3] + [d1[4]] + d2[3:]
            names = {world["d1"]: "d1", world["d2"]: "d2"}
            steps: list[tuple[int, int]] = []
            plan = await Services.over(api).deletion.plan(
                world["p1"], ids + ids[:1], names, collections, [], lambda *p: steps.append(p)
            )
            assert plan.ids == tuple(d1[:3] + d2[3:]) and plan.count == 5
            assert plan.asked == 6 and plan.gone == 1
            assert plan.datasets == (("d1", 3), ("d2", 2))
            assert (plan.collections, plan.queues, plan.unknown_reason) == (1, 0, "")
            assert steps and steps[-1][0] == steps[-1][1]  # progress reached its end
            assert await project_ids(api, world["p1"]) >= set(ids) - {d1[4]}  # it only read
        finally:
            await api.aclose()

    run(main())


def test_the_plan_says_unknown_when_the_server_cannot_be_reached(world):
    async def main():
        api = ApiClient("http://127.0.0.1:9", "token", read_retry_budget=0.2)
        try:
            plan = await Services.over(api).deletion.plan(1, [3, 4], {}, [], [])
            assert plan.ids == (3, 4) and plan.datasets is None and plan.gone == 0
            assert plan.unknown_reason == UNREACHABLE
        finally:
            await api.aclose()

    run(main())


def test_a_delete_goes_chunk_by_chunk_and_cancel_waits_for_the_chunk_in_flight(live, world):
    ids = world.images["d1"]

    async def main():
        api = alice_api(live.url)
        try:
            deletion = Services.over(api).deletion.deletion(ids, batch_size=1)
            steps: list[tuple[int, int]] = []
            remove = api.images.remove

            async def remove_then_cancel(chunk, **options):
                # the user's Cancel lands when the server has done the second chunk but its
                # answer is not back yet: that chunk is gone and must be counted as gone
                await remove(chunk, **options)
                if chunk == ids[1:2]:
                    task.cancel()

            api.images.remove = remove_then_cancel  # the real call, with a Cancel timed inside it
            task = asyncio.ensure_future(deletion.run(lambda *p: steps.append(p)))
            with pytest.raises(asyncio.CancelledError):
                await task
            left = await project_ids(api, world["p1"])
            assert set(deletion.deleted) == set(ids) - left  # exactly what the server deleted
            assert deletion.deleted == ids[:2] and steps == [(1, len(ids))]
            api.images.remove = remove

            rest = Services.over(api).deletion.deletion([i for i in ids if i in left] + deletion.deleted)
            await rest.run()  # ids already gone are no error
            assert not set(ids) & await project_ids(api, world["p1"])
        finally:
            await api.aclose()

    run(main())


def test_undo_steps_forget_deleted_items():
    class Add:
        def __init__(self, ids):
            self.ids = tuple(ids)

    class Create:
        def __init__(self, items):
            self.items = tuple(items)

    class Steps:
        def __init__(self, *commands):
            self.commands = list(commands)

    add = Add([1, 2, 3])
    assert forget_deleted(add, {2}) == (True, False) and add.ids == (1, 3)
    assert forget_deleted(add, {1, 3}) == (True, True) and add.ids == ()  # nothing left to move
    assert forget_deleted(Add([4]), {9}) == (False, False)
    create = Create([1, 2])
    assert forget_deleted(create, {1, 2}) == (True, False)  # still creates the collection
    both = Steps(Create([5]), Add([5, 6]))
    assert forget_deleted(both, {5, 6}) == (True, False)
    only_moves = Steps(Add([7]), Add([8]))
    assert forget_deleted(only_moves, {7, 8}) == (True, True)

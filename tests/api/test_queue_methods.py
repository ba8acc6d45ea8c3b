"""labeling-queues add / info / list / stats.entities / set-status through the
client against the real server."""

from __future__ import annotations

import pytest

from desktop_app.api import InvalidInput, NotFound

pytestmark = pytest.mark.anyio


async def collection_with(api, world, ids):
    coll = await api.collections.create(world["p1"], "to label")
    await api.collections.add_items(coll.id, ids)
    return coll


async def test_queue_from_a_collection(api, world):
    ids = world.images["d1"][:3] + world.images["d2"][:2]
    coll = await collection_with(api, world, ids)
    queue_id = await api.queues.create(
        "fix boxes",
        [world["alice"]],
        [world["admin"]],
        collection_id=coll.id,
        description="from triage",
        classes_to_label=["car"],
        dynamic_classes=True,
        allow_review_own_annotations=True,
        skip_complete_job_on_empty=True,
    )
    assert isinstance(queue_id, int)
    queue = await api.queues.info(queue_id)
    assert (queue.name, queue.collection_id, queue.project_id) == ("fix boxes", coll.id, world["p1"])
    assert queue.labeler_ids == (world["alice"],) and queue.reviewer_ids == (world["admin"],)
    assert queue.entities_count == 5

    listed = await api.queues.list(world["team_a"], project_id=world["p1"])
    assert [q.id for q in listed] == [queue_id]
    assert await api.queues.list(world["team_a"], collection_id=987654) == []

    totals = []
    entities = await api.queues.entities(queue_id, per_page=2, sort="name", on_total=totals.append)
    assert totals == [5] and sorted(e.id for e in entities) == sorted(ids)
    names = [e.name for e in entities]
    assert names == sorted(names)
    assert await api.queues.entities_count(queue_id) == 5
    assert await api.queues.entities_count(queue_id, ["accepted"]) == 0
    assert await api.queues.entities_count(queue_id, [None]) == 5  # all pending

    await api.queues.set_status(queue_id, "stopped")
    assert (await api.queues.info(queue_id)).status == "stopped"


async def test_queue_errors(api, world):
    with pytest.raises(ValueError):
        await api.queues.create("q", [world["alice"]], [world["alice"]])  # no source
    with pytest.raises(NotFound):
        await api.queues.info(987654)
    with pytest.raises(InvalidInput):
        await api.queues.create("", [world["alice"]], [world["alice"]], dataset_id=world["d1"])
    assert await api.queues.list(world["team_a"]) == []

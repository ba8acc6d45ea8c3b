"""The seven entities-collections methods and the collection filter of
images.list, through the client against the real server."""

from __future__ import annotations

import pytest

from desktop_app.api import NotFound

pytestmark = pytest.mark.anyio


async def test_collection_lifecycle(api, world):
    p1 = world["p1"]
    created = await api.collections.create(p1, "false positives", "boxes the model got wrong")
    assert (created.name, created.project_id, created.description, created.type) == (
        "false positives",
        p1,
        "boxes the model got wrong",
        "default",
    )
    other = await api.collections.create(p1, "for training")

    listed = await api.collections.list(p1)
    assert [c.id for c in listed] == [created.id, other.id]
    assert listed[0].items_count == 0

    d1, d2 = world.images["d1"], world.images["d2"]
    change = await api.collections.add_items(created.id, [d2[0], d1[3], d1[1]])
    assert change.missing == () and sorted(change.entity_ids) == sorted([d2[0], d1[3], d1[1]])
    members = await api.images.list(project_id=p1, collection_id=created.id)
    assert [i.id for i in members] == sorted([d2[0], d1[3], d1[1]])  # from both datasets
    assert (await api.collections.info(created.id)).items_count == 3

    removed = await api.collections.remove_items(created.id, [d1[3], 987654])
    assert removed.entity_ids == (d1[3],) and removed.missing == (987654,)

    await api.collections.update(created.id, name="triage", description="")
    renamed = await api.collections.info(created.id)
    assert (renamed.name, renamed.description, renamed.items_count) == ("triage", "", 2)

    await api.collections.remove(created.id)
    with pytest.raises(NotFound):
        await api.collections.info(created.id)
    assert [c.id for c in await api.collections.list(p1)] == [other.id]
    # removing a collection never removes its items
    assert (await api.images.info(d2[0])).id == d2[0]


async def test_unusable_ids_come_back_missing(api, world):
    coll = await api.collections.create(world["p1"], "c")
    foreign = world.images["p2d"][0]  # an image of another project
    change = await api.collections.add_items(coll.id, [world.images["d1"][0], foreign, 987654])
    assert set(change.missing) == {foreign, 987654}
    assert await api.images.list(project_id=world["p1"], collection_id=coll.id) == []  # all or nothing


async def test_scores_travel_as_entity_items(api, world):
    coll = await api.collections.create(world["p1"], "scored")
    ids = world.images["d1"][:2]
    change = await api.collections.add_items(coll.id, ids, scores={ids[0]: 0.9})
    assert sorted(change.entity_ids) == sorted(ids)


async def test_filter_and_meta(api, world):
    await api.collections.create(world["p1"], "alpha")
    await api.collections.create(world["p1"], "beta")
    found = await api.collections.list(
        world["p1"], [{"field": "name", "operator": "=", "value": "beta"}], with_meta=True
    )
    assert [c.name for c in found] == ["beta"]
    info = await api.collections.info(found[0].id, with_meta=True)
    assert info.name == "beta" and info.ai_search_key is None

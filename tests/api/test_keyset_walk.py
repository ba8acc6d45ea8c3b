"""The client's keyset walk (`api.images.walk`) against the real server: every
item once, in id order, across datasets and pages, with only the asked
`fields`; the SDK-shaped `filter` kept; a list that changes while it is
walked raises."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from desktop_app.api import PaginationError
from desktop_app.api.images import GALLERY_FIELDS, RECORD_FIELDS
from desktop_app.api.query import cond

pytestmark = pytest.mark.anyio


@pytest.fixture
def p1_ids(add_images, world) -> list[int]:
    """P1 with 14 images in two datasets: 5 + 5 from the world, 4 more in d2 (ids after P2's)."""
    extra = add_images("d2", 4, "extra")
    return sorted(world.images["d1"] + world.images["d2"] + extra)


async def test_walk_reads_every_item_once_in_id_order(api, world, p1_ids):
    totals = []
    images = await api.images.walk(project_id=world["p1"], per_page=3, on_total=totals.append)
    assert [i.id for i in images] == p1_ids
    assert totals == [14]


async def test_walk_records_equal_the_full_listing(api, world, p1_ids):
    """RECORD_FIELDS are every key the record reads: the records are the same."""
    full = await api.images.list(project_id=world["p1"])
    walked = await api.images.walk(project_id=world["p1"], per_page=4, fields=RECORD_FIELDS)
    assert walked == full
    assert any(i.tags for i in walked)


async def test_gallery_fields_leave_the_rest_empty(api, world, p1_ids):
    walked = await api.images.walk(project_id=world["p1"], per_page=5, fields=GALLERY_FIELDS)
    full = {i.id: i for i in await api.images.list(project_id=world["p1"])}
    for image in walked:
        whole = full[image.id]
        assert (image.name, image.dataset_id, image.size, image.labels_count) == (
            whole.name,
            whole.dataset_id,
            whole.size,
            whole.labels_count,
        )
        assert image.full_storage_url == whole.full_storage_url
        assert (image.tags, image.created_at) == ((), None)


async def test_walk_keeps_the_callers_filter_and_dataset_scope(api, world):
    d1 = world.images["d1"]
    images = await api.images.walk(dataset_id=world["d1"], filter=[cond("id", "in", d1[1:4])], per_page=2)
    assert [i.id for i in images] == d1[1:4]


async def test_walk_of_an_empty_scope(api, world):
    images = await api.images.walk(project_id=world["p1"], filter=[cond("id", "in", [])], per_page=2)
    assert images == []


async def test_a_list_that_grows_while_walked_raises(api, add_images, world, p1_ids):
    pages = api.images.iter_walk(project_id=world["p1"], per_page=3)
    async with aclosing(pages):
        first = await anext(pages)
        assert first.total == 14
        add_images("d1", 1, "late")  # a higher id: lands ahead of the walk
        with pytest.raises(PaginationError):
            async for _ in pages:
                pass

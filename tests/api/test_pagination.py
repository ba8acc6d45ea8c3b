"""Listing across page boundaries against the real server: concurrent pages
reassembled in order, the total known from the first page, token pages, lazy
single pages, and a list that changes while it is read."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from desktop_app.api import PaginationError
from desktop_app.api.pagination import iter_items, iter_pages, list_all

pytestmark = pytest.mark.anyio


@pytest.fixture
def p1_ids(add_images, world) -> list[int]:
    """P1 with 14 images: 5 + 5 from the world, 4 more here."""
    extra = add_images("d2", 4, "extra")
    return sorted(world.images["d1"] + world.images["d2"] + extra)


async def test_all_pages_in_order_with_total_first(api, world, p1_ids):
    totals = []
    images = await api.images.list(project_id=world["p1"], per_page=3, concurrency=3, on_total=totals.append)
    assert [i.id for i in images] == p1_ids
    assert totals == [14]


async def test_descending_sort_and_page_sizes(api, world, p1_ids):
    pages = []
    async with aclosing(api.images.iter_pages(project_id=world["p1"], per_page=3, sort_order="desc")) as it:
        async for page in it:
            pages.append(page)
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert [len(p.items) for p in pages] == [3, 3, 3, 3, 2]
    assert [i.id for p in pages for i in p.items] == sorted(p1_ids, reverse=True)
    assert {p.total for p in pages} == {14}


async def test_later_pages_are_fetched_concurrently(api, world, p1_ids):
    """After page 1, pages 2..5 are fetched in a window of `concurrency` requests."""
    in_flight = peak = 0
    original = api.connection.call

    async def counting(method, body=None, *, idempotent):
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await original(method, body, idempotent=idempotent)
        finally:
            in_flight -= 1

    api.connection.call = counting
    for concurrency in (1, 4):
        peak = 0
        items = await api.images.list(project_id=world["p1"], per_page=3, concurrency=concurrency)
        assert [i.id for i in items] == p1_ids
        assert peak == concurrency


async def test_single_lazy_page(api, world, p1_ids):
    page = await api.images.page(2, 4, project_id=world["p1"])
    assert page.total == 14 and page.pages_count == 4 and page.per_page == 4
    assert [i.id for i in page.items] == p1_ids[4:8]
    last = await api.images.page(4, 4, project_id=world["p1"])
    assert [i.id for i in last.items] == p1_ids[12:]


async def test_token_pages(api, world, p1_ids):
    totals, pages = [], []
    async with aclosing(api.images.iter_token_pages(project_id=world["p1"], per_page=4, on_total=totals.append)) as it:
        async for page in it:
            pages.append(page)
    assert totals == [14]
    assert [len(p.items) for p in pages] == [4, 4, 4, 2]
    assert [i.id for p in pages for i in p.items] == p1_ids
    assert pages[-1].after is None and pages[0].after
    items = [i.id async for i in iter_items(api.images.iter_token_pages(project_id=world["p1"], per_page=5))]
    assert items == p1_ids


async def test_dataset_scope_and_filter(api, world):
    d1 = world.images["d1"]
    images = await api.images.list(
        dataset_id=world["d1"], per_page=2, filter=[{"field": "id", "operator": "in", "value": d1[1:4]}]
    )
    assert [i.id for i in images] == d1[1:4]


async def test_list_that_grows_while_read_raises(api, add_images, world, p1_ids):
    body = {
        "projectId": world["p1"],
        "datasetId": None,
        "filter": [],
        "sort": "id",
        "sort_order": "asc",
        "forceMetadataForLinks": True,
        "recursive": False,
    }
    pages = iter_pages(api.connection, "images.list", body, per_page=3)
    async with aclosing(pages):
        first = await anext(pages)
        assert first.total == 14
        add_images("d1", 1, "late")  # lands on the last page
        with pytest.raises(PaginationError) as info:
            async for _ in pages:
                pass
    assert "15" in info.value.message and "14" in info.value.message


async def test_abandoned_walk_cancels_its_requests(api, world, p1_ids):
    pages = api.images.iter_pages(project_id=world["p1"], per_page=2, concurrency=4)
    async with aclosing(pages):
        first = await anext(pages)
        await anext(pages)
    assert len(first.items) == 2
    # nothing left running after the walk was closed
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not [t for t in pending if "fetch_page" in repr(t)]


async def test_empty_list(api, live, world):
    items = await list_all(
        api.connection,
        "images.list",
        {"projectId": world["p2"], "datasetId": None, "filter": [{"field": "id", "operator": "<", "value": 0}]},
    )
    assert items == []

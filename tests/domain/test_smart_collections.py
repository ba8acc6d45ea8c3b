"""What the app saves as a smart collection's filter, and the refusals it words
itself: a chip the server cannot resolve, and no server to send to (smart
collections are never queued offline: domain/smart_collections.py)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.api.records import Collection
from desktop_app.domain.filters import FilterSpec, QueueStatusFilter
from desktop_app.domain.smart_collections import OFFLINE, SmartCollections, smart_filter
from tests.api.loopback import closed_port_url


def test_the_saved_filter_is_the_listing_filter():
    spec = FilterSpec(classes_present=(3,), classes_absent=(4,), datasets=(5, 6), name_contains="night")
    assert smart_filter(spec, 1) == {
        "filters": [
            {"type": "objects_class", "data": {"classId": 3, "from": 1, "to": 9999, "include": True}},
            {"type": "objects_class", "data": {"classId": 4, "from": 1, "to": 9999, "include": False}},
            {"type": "images_filename", "data": {"value": "night"}},
        ],
        "filter": [{"field": "datasetId", "operator": "in", "value": [5, 6]}],
    }


def test_a_queue_status_chip_is_refused_by_name():
    spec = FilterSpec(classes_present=(3,), queue_status=QueueStatusFilter(7, frozenset({"pending"})))
    with pytest.raises(ValueError, match="Queue status filter cannot be saved in a smart collection"):
        smart_filter(spec, 1)
    # switched off, it is no longer part of the filter: saving works
    assert smart_filter(spec.with_enabled("queue_status", False), 1)["filters"]


def test_offline_saving_is_refused_in_words():
    async def main() -> None:
        async with ApiClient(closed_port_url(), "t", read_retry_budget=0.3, retry_base_delay=0.02) as api:
            items = SimpleNamespace(project_id=1)
            with pytest.raises(ValueError) as info:
                await SmartCollections(api).create(items, "x", FilterSpec(classes_present=(3,)))  # type: ignore[arg-type]
            assert str(info.value) == OFFLINE

    asyncio.run(asyncio.wait_for(main(), 10))


def test_offline_editing_a_smart_filter_is_refused_in_words():
    async def main() -> None:
        async with ApiClient(closed_port_url(), "t", read_retry_budget=0.3, retry_base_delay=0.02) as api:
            items = SimpleNamespace(project_id=1)
            smart = Collection(id=5, name="Dogs", type="smart")
            with pytest.raises(ValueError) as info:
                await SmartCollections(api).edit_filter(items, smart, FilterSpec(classes_present=(3,)))  # type: ignore[arg-type]
            assert str(info.value) == OFFLINE

    asyncio.run(asyncio.wait_for(main(), 10))

"""The official SDK reads a smart collection as any collection, and its
get_items sees the current members: a prediction added later shows up
(docs/smart-collections-api.md)."""

from __future__ import annotations

import pytest

from tests.sdk.test_sdk_compat import run_script
from tests.server.test_smart_collections import add_car, has_class, ok, smart
from tests.server.world import ALICE, build_world

pytestmark = pytest.mark.sdk


def test_sdk_sees_a_smart_collections_current_members(live, sdk_python):
    world = build_world(live.sessions())
    d1 = world.images["d1"]
    c = ok(smart(live, world, "cars", [has_class(world["car"])]))

    def read():
        return run_script(
            sdk_python, "smart_collection_script.py", live.url, ALICE, PROJECT_ID=world["p1"], COLLECTION_ID=c["id"]
        )

    first = read()
    assert first["listed"] == [["cars", "smart"]]
    assert first["info"] == [c["id"], "cars", "smart"]
    assert first["items"] == [d1[0], d1[1]]
    add_car(live, world, d1[4])  # a new prediction arrives
    assert read()["items"] == [d1[0], d1[1], d1[4]]

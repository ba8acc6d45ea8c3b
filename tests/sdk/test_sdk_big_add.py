"""The SDK's one-call add_items of tens of thousands of ids: the bundled server
takes it whole (collections/rules.py MAX_IDS_PER_ADD), so a script written for
the platform runs unchanged. 100,000 ids run with -m reliability."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop_app.server.db.models import CollectionItem
from tests.sdk.test_sdk_compat import run_script
from tests.server.big_collections import many_images
from tests.server.world import ALICE, build_world

pytestmark = pytest.mark.sdk


@pytest.mark.parametrize("count", [20_000, pytest.param(100_000, marks=pytest.mark.reliability)])
def test_the_sdks_one_call_add_items_of_many_ids(live, sdk_python, tmp_path, count):
    world = build_world(live.sessions())
    ids = many_images(live, world, count)
    ids_file = tmp_path / "ids.json"
    ids_file.write_text(json.dumps(ids[::-1]))  # any order: the server sorts its writes itself
    out = run_script(sdk_python, "big_add_script.py", live.url, ALICE, PROJECT_ID=world["p1"], IDS_FILE=ids_file)
    assert out["answered"] == ids and out["entry_ids"] == count
    assert out["again"] == ids[::-1][:10]
    with live.sessions()() as s:
        stored = s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == out["collection_id"]))
        assert sorted(stored) == ids

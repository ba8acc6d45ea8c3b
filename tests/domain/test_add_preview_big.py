"""An add's preview against a collection of 100,000 items asks the server about
its few candidate ids only: one images.list with the collection filter and an
id filter, never a listing of the whole collection (which took 100 pages; 20,000 items in the
default run, 100,000 with -m reliability)."""

from __future__ import annotations

import json

import pytest

from tests.api.loopback import FlakyApp, LoopbackServer
from tests.domain.live_outbox import run
from tests.domain.test_collections_live import service_for
from tests.server.big_collections import collection_of, many_images


@pytest.mark.parametrize("big", [20_000, pytest.param(100_000, marks=pytest.mark.reliability)])
def test_a_preview_of_a_few_ids_does_not_list_a_big_collection(live, world, tmp_path, big):
    members = many_images(live, world, big)
    coll = collection_of(live, world["p1"], "big", members)
    outside = world.images["d1"][:2]  # items of the project, not in the collection
    candidates = [members[0], outside[0], members[-1], outside[1], members[big // 2]]
    relay = FlakyApp([], upstream=live.url)  # counts what the client asks

    async def main():
        with LoopbackServer(relay) as server:
            async with service_for(live, world, tmp_path, start=False, url=server.url) as svc:
                return await svc.preview_add(coll, candidates, set(candidates))

    preview = run(main())
    assert preview.checked
    assert preview.changes == tuple(outside)
    assert preview.unchanged == (members[0], members[-1], members[big // 2])
    lists = [json.loads(body) for (path, _), body in zip(relay.requests, relay.bodies) if path.endswith(".list")]
    assert len(lists) == 1, [(body.get("filter"), body.get("page")) for body in lists]
    assert lists[0]["filter"] == [{"field": "id", "operator": "in", "value": candidates}]
    assert {"type": "entities_collection", "data": {"collectionId": coll, "include": True}} in lists[0]["filters"]

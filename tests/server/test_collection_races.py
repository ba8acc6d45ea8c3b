"""Concurrent edits of one collection never reach a client as a server error:
adds and removes of the same ids interleaving (a KeyError in the bulk add on
PostgreSQL), and bulk adds of the same ids in different orders (deadlocks).
Nothing is lost or doubled: the final membership is what the last edit of
each id says."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.server.test_collection_items import image_ids, new_collection
from tests.server.world import ALICE

CLIENTS = 8
EDITS_PER_CLIENT = 25


def test_interleaved_adds_and_removes_answer_cleanly(live, world):
    cid = new_collection(live, world["p1"], "raced")
    ids = world.images["d1"] + world.images["d2"]

    def client(seed: int) -> list[tuple[str, int]]:
        rng = random.Random(seed)
        failures = []
        with httpx.Client(base_url=live.url, timeout=60, headers={"x-api-key": ALICE}) as http:
            for _ in range(EDITS_PER_CLIENT):
                chosen = rng.sample(ids, k=rng.randint(2, len(ids)))  # a random order every time
                method = rng.choice(("entities-collections.items.bulk.add", "entities-collections.items.bulk.remove"))
                answer = http.post(f"/public/api/v3/{method}", json={"collectionId": cid, "entityIds": chosen})
                if answer.status_code != 200:
                    failures.append((method, answer.status_code))
        return failures

    with ThreadPoolExecutor(CLIENTS) as pool:
        failures = [f for result in pool.map(client, range(CLIENTS)) for f in result]
    assert failures == []
    members = image_ids(live, cid)
    assert len(members) == len(set(members)) and set(members) <= set(ids)

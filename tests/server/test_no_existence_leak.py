"""Another team's things are indistinguishable from things that do not exist:
every read (and write) that names an id answers a user of another team exactly
as it answers for an id no one has, so not even the existence of an id leaks."""

from __future__ import annotations

import re

import pytest

from tests.server.world import BOB

MISSING = 987_654


# method -> (body key, world key of one of team A's things of that kind)
BY_ID = {
    "projects.info": ("id", "p1"),
    "projects.meta": ("id", "p1"),
    "datasets.info": ("id", "d1"),
    "datasets.list": ("projectId", "p1"),
    "workspaces.info": ("id", "ws_a"),
    "teams.info": ("id", "team_a"),
    "images.list": ("datasetId", "d1"),
    "videos.list": ("projectId", "v"),
    "entities-collections.list": ("projectId", "p1"),
    "labeling-queues.list": ("teamId", "team_a"),
}
BY_IMAGE = ("images.info", "images.download", "annotations.info", "videos.info", "point-clouds.info")


def same_answer(live, method: str, mine: dict, missing: dict, hidden_id: int) -> None:
    a, b = live.call(method, mine, BOB), live.call(method, missing, BOB)
    assert a.status_code == b.status_code, (method, a.text, b.text)
    assert a.status_code in (400, 403, 404) or a.json() == b.json(), (method, a.text)
    assert re.sub(str(hidden_id), "<id>", a.text) == re.sub(str(MISSING), "<id>", b.text), method


@pytest.mark.parametrize("method", sorted(BY_ID))
def test_another_teams_ids_answer_as_missing_ones(live, world, method):
    key, thing = BY_ID[method]
    same_answer(live, method, {key: world[thing]}, {key: MISSING}, world[thing])


@pytest.mark.parametrize("method", BY_IMAGE)
def test_another_teams_items_answer_as_missing_ones(live, world, method):
    image = world.images["d1"][0]
    same_answer(live, method, {"id": image}, {"id": MISSING}, image)


def test_collection_edits_on_another_teams_collection_answer_as_missing(live, world):
    cid = live.call("entities-collections.add", {"projectId": world["p1"], "name": "c"}, "alice-token").json()["id"]
    for method, body in (
        ("entities-collections.info", {"id": cid}),
        ("entities-collections.editInfo", {"id": cid, "name": "x"}),
        ("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": [world.images["d1"][0]]}),
        ("entities-collections.remove", {"id": cid}),
    ):
        missing = {k: (MISSING if v == cid else v) for k, v in body.items()}
        same_answer(live, method, body, missing, cid)
    assert live.call("entities-collections.info", {"id": cid}, "alice-token").json()["name"] == "c"  # untouched

"""Move accepted items (Q3) on the real server: the preview writes nothing,
do moves exactly the accepted items, undo puts back only what it changed,
redo repeats it; into an existing or a new collection; bad targets refused."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from desktop_app.domain import move_accepted
from desktop_app.domain.collection_backend import ApiCollectionsBackend, collection_sender
from desktop_app.domain.collections import CollectionsService
from desktop_app.domain.move_accepted import MoveAccepted, plan_move_accepted
from desktop_app.server.db.models import QueueItem
from tests.domain.live_outbox import alice_api, fast_outbox, run
from tests.server.world import ALICE


@asynccontextmanager
async def service_for(live, world, tmp_path):
    api = alice_api(live.url)
    backend = ApiCollectionsBackend.from_client(api)
    async with fast_outbox(api, tmp_path, collection_sender(backend)) as outbox:
        yield api, CollectionsService(backend, outbox, world["p1"])


def new_collection(live, world, name, ids):
    cid = live.call("entities-collections.add", {"projectId": world["p1"], "name": name}, ALICE).json()["id"]
    if ids:
        resp = live.call("entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": ids}, ALICE)
        assert resp.status_code == 200, resp.text
    return cid


def items(live, world, cid):
    resp = live.call(
        "images.list",
        {
            "projectId": world["p1"],
            "per_page": 1000,
            "filters": [{"type": "entities_collection", "data": {"collectionId": cid, "include": True}}],
        },
        ALICE,
    )
    assert resp.status_code == 200, resp.text
    return sorted(e["id"] for e in resp.json()["entities"])


def collections(live, world):
    return {
        c["name"]: c["id"]
        for c in live.call("entities-collections.list", {"projectId": world["p1"]}, ALICE).json()["entities"]
    }


@pytest.fixture
def setup(live, world):
    """A queue over collection 'triage' with three of its five items accepted."""
    d1, d2 = world.images["d1"], world.images["d2"]
    source = new_collection(live, world, "triage", d1[:4] + [d2[0]])
    queue = live.call(
        "labeling-queues.add",
        {"name": "fix", "userIds": [world["alice"]], "reviewerIds": [world["admin"]], "collectionId": source},
        ALICE,
    )
    assert queue.status_code == 200, queue.text
    accepted = [d1[0], d1[1], d2[0]]
    with live.sessions()() as s, s.begin():
        s.add_all(
            QueueItem(queue_id=queue.json()["id"], image_id=i, status="accepted", labeler_id=world["alice"])
            for i in accepted
        )
    return source, queue.json()["id"], accepted


def accepted_count(live, queue_id):
    return live.call("labeling-queues.info", {"id": queue_id}, ALICE).json()["acceptedCount"]


def test_into_an_existing_collection_with_undo_and_redo(live, world, tmp_path, setup, monkeypatch):
    monkeypatch.setattr(move_accepted, "PER_PAGE", 2)  # the accepted ids come in two pages
    source, queue_id, accepted = setup
    d1, d2 = world.images["d1"], world.images["d2"]
    target = new_collection(live, world, "for training", [d1[1], d2[4]])
    source_before = items(live, world, source)
    states = {}

    async def main():
        async with service_for(live, world, tmp_path) as (api, svc):
            queue = await api.queues.info(queue_id)
            plan = await plan_move_accepted(api, queue, target, world["p1"], service=svc)
            states["after plan"] = items(live, world, source), items(live, world, target)
            cmd = MoveAccepted(svc, plan)
            for step in ("do", "undo", "redo"):
                await (cmd.undo() if step == "undo" else cmd.do())
                await svc.outbox.wait_idle(10)
                states[step] = items(live, world, source), items(live, world, target)
            return plan, cmd

    plan, cmd = run(main())
    assert sorted(plan.accepted) == sorted(accepted)
    assert set(plan.to_add) == {d1[0], d2[0]} and plan.already_in_target == (d1[1],)
    assert set(plan.to_remove) == set(accepted)
    assert plan.summary() == "3 accepted: 2 to add to 'for training' (1 already in), 3 to leave the source collection."
    assert states["after plan"] == (source_before, sorted([d1[1], d2[4]]))  # the preview wrote nothing
    moved = (sorted(set(source_before) - set(accepted)), sorted([d1[0], d1[1], d2[0], d2[4]]))
    assert states["do"] == moved
    assert states["undo"] == (source_before, sorted([d1[1], d2[4]]))  # d1[1] was already there: it stays
    assert states["redo"] == moved
    assert accepted_count(live, queue_id) == 3  # accepted work stays in the queue
    assert cmd.text == "Move 3 accepted items to 'for training'"


def test_into_a_new_collection_and_undo_deletes_it(live, world, tmp_path, setup):
    source, queue_id, accepted = setup
    source_before = items(live, world, source)
    seen = {}

    async def main():
        async with service_for(live, world, tmp_path) as (api, svc):
            plan = await plan_move_accepted(
                api, queue_id, None, world["p1"], service=svc, new_name="  for training v2 "
            )
            seen["plan names"] = set(collections(live, world))
            cmd = MoveAccepted(svc, plan)
            await cmd.do()
            await svc.outbox.wait_idle(10)
            new_id = collections(live, world)["for training v2"]
            seen["do"] = items(live, world, source), items(live, world, new_id)
            await cmd.undo()
            await svc.outbox.wait_idle(10)
            seen["undo"] = items(live, world, source), set(collections(live, world))
            return plan

    plan = run(main())
    assert plan.creates_target and plan.target_name == "for training v2" and plan.already_in_target == ()
    assert plan.summary().startswith("3 accepted: 3 to add to the new collection 'for training v2'")
    assert "for training v2" not in seen["plan names"]
    assert seen["do"] == (sorted(set(source_before) - set(accepted)), sorted(accepted))
    assert seen["undo"] == (source_before, {"triage"})


def test_bad_targets_are_refused_before_anything_is_written(live, world, tmp_path, setup):
    source, queue_id, _ = setup
    other = new_collection(live, world, "taken", [])
    errors = []

    async def main():
        async with service_for(live, world, tmp_path) as (api, svc):
            attempts = [
                dict(target_collection_id=source),
                dict(target_collection_id=None, new_name="taken"),
                dict(target_collection_id=None, new_name="  "),
                dict(target_collection_id=None),
                dict(target_collection_id=other, new_name="both"),
                dict(target_collection_id=987654),
            ]
            for kw in attempts:
                target = kw.pop("target_collection_id")
                with pytest.raises(ValueError) as info:
                    await plan_move_accepted(api, queue_id, target, world["p1"], service=svc, **kw)
                errors.append(str(info.value))
            with pytest.raises(ValueError):
                await plan_move_accepted(api, queue_id, other, world["p2"], service=svc)
            return svc.outbox.pending()

    assert run(main()) == []
    assert [e.split(" ")[0:3] for e in errors] == [
        ["the", "target", "is"],
        ["a", "collection", "named"],
        ["a", "collection", "needs"],
        ["choose", "a", "target"],
        ["choose", "either", "an"],
        ["the", "target", "collection"],
    ]
    assert set(collections(live, world)) == {"triage", "taken"}
    assert items(live, world, other) == []


def test_nothing_accepted_plans_nothing(live, world, tmp_path):
    source = new_collection(live, world, "triage", world.images["d1"][:2])
    queue_id = live.call(
        "labeling-queues.add",
        {"name": "q", "userIds": [world["alice"]], "reviewerIds": [world["admin"]], "collectionId": source},
        ALICE,
    ).json()["id"]
    target = new_collection(live, world, "for training", [])

    async def main():
        async with service_for(live, world, tmp_path) as (api, svc):
            return await plan_move_accepted(api, queue_id, target, world["p1"], service=svc)

    plan = run(main())
    assert plan.accepted == () and not plan.changes_anything
    assert plan.summary() == "No item of queue 'q' is accepted yet."

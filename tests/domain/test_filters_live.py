"""The bodies FilterSpec produces, run against the real server: each chip
selects exactly the items the known world says it should."""

from __future__ import annotations

import pytest

from desktop_app.domain.filters import FilterSpec, QueueStatusFilter, list_body, queue_entities_body
from desktop_app.server.db.models import ImageTag, QueueItem, TagMeta
from tests.server.world import ALICE


@pytest.fixture
def scene(live, world):
    """world + a valued tag on d2[2], a collection {d1[0], d2[0]} and a queue on it with d2[0] accepted."""
    d1, d2 = world.images["d1"], world.images["d2"]
    with live.sessions()() as s, s.begin():
        score = TagMeta(project_id=world["p1"], name="score", value_type="any_string")
        s.add(score)
        s.flush()
        s.add(ImageTag(image_id=d2[2], tag_meta_id=score.id, value="high"))
        s.add(ImageTag(image_id=d2[3], tag_meta_id=score.id, value="low"))
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "fp"}, ALICE).json()["id"]
    added = live.call("entities-collections.items.bulk.add", {"collectionId": coll, "entityIds": [d1[0], d2[0]]}, ALICE)
    assert added.status_code == 200 and added.json()["missing"] == []
    queue = live.call(
        "labeling-queues.add",
        {
            "name": "q",
            "userIds": [world["alice"]],
            "reviewerIds": [world["alice"]],
            "collectionId": coll,
            "meta": {
                "classes": [],
                "projectTags": [],
                "imageTags": [],
                "imageFiguresLimit": 0,
                "imageTagsLimit": 0,
                "dynamicClasses": True,
                "dynamicTags": True,
                "hideFigureAuthor": False,
            },
        },
        ALICE,
    )
    assert queue.status_code == 200, queue.text
    queue_id = queue.json()["id"]
    with live.sessions()() as s, s.begin():
        s.add(QueueItem(queue_id=queue_id, image_id=d2[0], status="accepted"))
    return dict(coll=coll, queue=queue_id, score=score.id)


def listed(live, spec, project_id, queue_ids=None):
    body = list_body(spec, project_id=project_id, queue_entity_ids=queue_ids)
    resp = live.call("images.list", {**body, "per_page": 100}, ALICE)
    assert resp.status_code == 200, resp.text
    return sorted(e["id"] for e in resp.json()["entities"])


def test_each_chip_selects_the_right_items(live, world, scene):
    d1, d2 = world.images["d1"], world.images["d2"]
    everything = sorted(d1 + d2)
    p1 = world["p1"]
    expectations = [
        (FilterSpec(), everything),
        (FilterSpec(datasets=(world["d2"],)), sorted(d2)),
        (FilterSpec(datasets=(world["d1"], world["d2"])), everything),
        (FilterSpec(classes_present=(world["car"],)), sorted(d1[:2])),
        (FilterSpec(classes_present=(world["car"], world["person"])), [d1[1]]),
        (FilterSpec(classes_absent=(world["person"],)), sorted(set(everything) - {d1[1]})),
        (FilterSpec(tags=((world["reviewed"], None),)), [d1[1]]),
        (FilterSpec(tags=((scene["score"], None),)), sorted([d2[2], d2[3]])),
        (FilterSpec(tags=((scene["score"], "high"),)), [d2[2]]),
        (FilterSpec(annotated=True), sorted(d1[:2])),
        (FilterSpec(annotated=False), sorted(set(everything) - set(d1[:2]))),
        (FilterSpec(labels_min=2), [d1[1]]),
        (FilterSpec(labels_min=1, labels_max=1), [d1[0]]),
        (FilterSpec(labels_max=0), sorted(set(everything) - set(d1[:2]))),
        (FilterSpec(name_contains="D2_00"), sorted(d2)),
        (FilterSpec(name_contains="_001"), sorted([d1[1], d2[1]])),
        (FilterSpec(in_collections=(scene["coll"],)), sorted([d1[0], d2[0]])),
        (FilterSpec(not_in_collections=(scene["coll"],)), sorted(set(everything) - {d1[0], d2[0]})),
        # several chips at once, and a switched-off chip that must not count
        (FilterSpec(datasets=(world["d1"],), annotated=True, not_in_collections=(scene["coll"],)), [d1[1]]),
        (FilterSpec(datasets=(world["d1"],), name_contains="zzz").with_enabled("name_contains", False), sorted(d1)),
    ]
    for spec, expected in expectations:
        assert listed(live, spec, p1) == expected, spec


def test_queue_status_goes_through_the_queue_entities_first(live, world, scene):
    d1, d2 = world.images["d1"], world.images["d2"]
    for statuses, expected in [
        ({"accepted"}, [d2[0]]),
        ({"pending"}, [d1[0]]),
        ({"pending", "accepted"}, sorted([d1[0], d2[0]])),
        ({"on_review"}, []),
    ]:
        spec = FilterSpec(queue_status=QueueStatusFilter(scene["queue"], frozenset(statuses)))
        stats = live.call("labeling-queues.stats.entities", queue_entities_body(spec), ALICE)
        assert stats.status_code == 200, stats.text
        ids = [e["id"] for e in stats.json()["images"]]
        assert listed(live, spec, world["p1"], ids) == expected, statuses

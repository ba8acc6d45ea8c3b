"""Calls and DB snapshots shared by the queue-work tests."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.server.db.models import LabelingQueue, QueueItem
from tests.server.test_queues import collection_with
from tests.server.world import ALICE

COUNT_KEYS = ("entitiesCount", "pendingCount", "inProgressCount", "annotatedCount", "acceptedCount")


def make_queue(live, world, image_ids, labelers, reviewers, name="work", own_review=False, meta=None):
    """A collection-source queue over image_ids, made as the SDK makes it."""
    cid = collection_with(live, world, image_ids, name=f"src-{name}")
    body = {
        "name": name,
        "userIds": labelers,
        "reviewerIds": reviewers,
        "meta": {
            "classes": [],
            "projectTags": [],
            "imageTags": [],
            "imageFiguresLimit": 0,
            "imageTagsLimit": 0,
            "dynamicClasses": True,
            "dynamicTags": True,
            "hideFigureAuthor": False,
            **(meta or {}),
        },
        "collectionId": cid,
        "queueMeta": {"reviewOwnAnnotationsAvailable": True} if own_review else {},
    }
    r = live.call("labeling-queues.add", body, ALICE)
    assert r.status_code == 200, r.text
    return r.json()["id"], cid


def step(live, name, token, qid, entity_id=None, **extra):
    body = {"id": qid, **({"entityId": entity_id} if entity_id is not None else {}), **extra}
    return live.call(f"labeling-queues.entities.{name}", body, token)


def entity(response):
    """The entity of a successful step (None when nothing was left)."""
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"entity"}
    return response.json()["entity"]


def refused(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] and body["details"]["message"]
    return body["details"]


def counts(live, qid, token=ALICE):
    q = live.call("labeling-queues.info", {"id": qid}, token).json()
    return tuple(q[k] for k in COUNT_KEYS)


def queue_status(live, qid):
    q = live.call("labeling-queues.info", {"id": qid}, ALICE).json()
    return q["status"], q["finishedAt"]


def stats_items(live, qid, **extra):
    """Every entity as stats.entities lists it, by id."""
    body = {"id": qid, "page": 1, "per_page": 100, "sort": "id", "sort_order": "asc", **extra}
    r = live.call("labeling-queues.stats.entities", body, ALICE)
    assert r.status_code == 200, r.text
    return {i["id"]: i for i in r.json()["images"]}


def work_rows(live):
    """Every stored work fact, to prove a refused step changed nothing."""
    with live.sessions()() as s:
        items = sorted(
            (
                i.queue_id,
                i.image_id,
                i.status,
                i.labeler_id,
                i.reviewer_id,
                i.rejected_count,
                i.review_comment,
                i.updated_at,
            )
            for i in s.scalars(select(QueueItem))
        )
        queues = sorted((q.id, q.status, q.finished_at, q.updated_at) for q in s.scalars(select(LabelingQueue)))
    return items, queues

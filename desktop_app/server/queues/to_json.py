"""The labeling-queue object as `labeling-queues.info` and `.list` send it.

The SDK reads `labelers`, `reviewers` and `jobs` with `info[key]`, so they are
always present (lists of objects with an `id`); the rest is read with .get()."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import LabelingJob, LabelingQueue, QueueMember, User
from desktop_app.server.queues.entities import (
    ACCEPTED,
    ANNOTATING,
    ON_REVIEW,
    PENDING,
    status_counts,
)
from desktop_app.server.timeutil import iso


def queues_json(session: Session, queues: list[LabelingQueue]) -> list[dict[str, Any]]:
    ids = [q.id for q in queues]
    if not ids:
        return []
    people: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for queue_id, role, user_id, login in session.execute(
        select(QueueMember.queue_id, QueueMember.role, User.id, User.login)
        .join(User, User.id == QueueMember.user_id)
        .where(QueueMember.queue_id.in_(ids))
        .order_by(User.id)
    ):
        people[(queue_id, role)].append({"id": user_id, "login": login})
    jobs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for job in session.scalars(select(LabelingJob).where(LabelingJob.queue_id.in_(ids)).order_by(LabelingJob.id)):
        jobs[job.queue_id].append({"id": job.id, "userId": job.user_id, "status": job.status})
    return [_one(session, q, people, jobs[q.id]) for q in queues]


def queue_json(session: Session, queue: LabelingQueue) -> dict[str, Any]:
    return queues_json(session, [queue])[0]


def _one(session: Session, q: LabelingQueue, people, jobs) -> dict[str, Any]:
    counts = status_counts(session, q)
    return {
        "id": q.id,
        "name": q.name,
        "teamId": q.team_id,
        "projectId": q.project_id,
        "datasetId": q.dataset_id,
        "collectionId": q.collection_id,
        "createdBy": q.created_by,
        "createdAt": iso(q.created_at),
        "updatedAt": iso(q.updated_at),
        "finishedAt": iso(q.finished_at),
        "status": q.status,
        "meta": q.meta,
        "queueMeta": q.queue_meta,
        "description": q.description,
        "readme": q.readme,
        "labelers": people[(q.id, "labeler")],
        "reviewers": people[(q.id, "reviewer")],
        "qualityCheckUsers": people[(q.id, "qc")],
        "jobs": jobs,
        "entitiesCount": sum(counts.values()),
        "pendingCount": counts[PENDING],
        "inProgressCount": counts[ANNOTATING],
        "annotatedCount": counts[ON_REVIEW],
        "acceptedCount": counts[ACCEPTED],
    }

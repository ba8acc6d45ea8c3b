"""Changing and deleting a labeling queue (`labeling-queues.editInfo`,
`labeling-queues.remove`): the bundled server's own methods, named like
`entities-collections.editInfo`/`.remove`; the SDK has neither
(docs/wire-contract.md 4.5).

What can change: name, description, readme, labelers, reviewers, the per-image
limits of meta, and queueMeta's options (merged over the stored ones). The
source and the classes/tags to label stay as created. A labeler taken off the
queue gives back the items they were still annotating (pending again);
submitted and accepted work stays. Deleting a queue deletes its work states,
members and jobs; the source collection or dataset and its items stay."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr
from sqlalchemy import delete, select

from desktop_app.server.collections.rules import clean_name, clean_text
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import LabelingJob, LabelingQueue, QueueItem, QueueMember
from desktop_app.server.errors import InvalidInput, NonUnique
from desktop_app.server.permissions import require_manage
from desktop_app.server.queues.create import README_MAX, _check_members


class QueueLimits(Req):
    model_config = ConfigDict(extra="forbid")  # the other meta keys stay as created: say so, not ignore

    imageFiguresLimit: StrictInt | None = Field(default=None, ge=0)
    imageTagsLimit: StrictInt | None = Field(default=None, ge=0)


class QueueOptions(Req):
    reviewOwnAnnotationsAvailable: StrictBool | None = None
    skipCompleteAnnotationJobOnEmpty: StrictBool | None = None


class QueueEditReq(Req):
    id: StrictInt
    name: StrictStr | None = None
    description: StrictStr | None = None
    readme: StrictStr | None = None
    userIds: list[StrictInt] | None = None
    reviewerIds: list[StrictInt] | None = None
    meta: QueueLimits | None = None
    queueMeta: QueueOptions | None = None


class QueueRemoveReq(Req):
    id: StrictInt


def _set_people(ctx: Ctx, queue: LabelingQueue, role: str, ids: list[int]) -> None:
    ctx.session.execute(delete(QueueMember).where(QueueMember.queue_id == queue.id, QueueMember.role == role))
    ctx.session.add_all(QueueMember(queue_id=queue.id, user_id=u, role=role) for u in ids)


def _set_labelers(ctx: Ctx, queue: LabelingQueue, labelers: list[int]) -> None:
    _set_people(ctx, queue, "labeler", labelers)
    # one job per labeler, as on create; a labeler who left gives back what they held
    ctx.session.execute(
        delete(LabelingJob).where(LabelingJob.queue_id == queue.id, LabelingJob.user_id.not_in(labelers))
    )
    have = set(ctx.session.scalars(select(LabelingJob.user_id).where(LabelingJob.queue_id == queue.id)))
    ctx.session.add_all(LabelingJob(queue_id=queue.id, user_id=u, status="pending") for u in labelers if u not in have)
    ctx.session.execute(
        delete(QueueItem).where(
            QueueItem.queue_id == queue.id, QueueItem.status == "annotating", QueueItem.labeler_id.not_in(labelers)
        )
    )


def edit_queue(ctx: Ctx, queue: LabelingQueue, req: QueueEditReq) -> None:
    """Check everything first, then write (a refusal changes nothing)."""
    require_manage(ctx, queue.team_id, f"editing labeling queue {queue.id}")
    name = clean_name(req.name, "labeling queue") if req.name is not None else None
    description = clean_text(req.description, "description") if req.description is not None else None
    readme = clean_text(req.readme, "readme", README_MAX) if req.readme is not None else None
    labelers = list(dict.fromkeys(req.userIds)) if req.userIds is not None else None
    reviewers = list(dict.fromkeys(req.reviewerIds)) if req.reviewerIds is not None else None
    if labelers is not None and not labelers:
        raise InvalidInput("userIds must name at least one labeler")
    if reviewers is not None and not reviewers:
        raise InvalidInput("reviewerIds must name at least one reviewer")
    _check_members(ctx, queue.team_id, set((labelers or []) + (reviewers or [])))
    limits = req.meta.model_dump(exclude_none=True) if req.meta is not None else {}
    if name is not None and name != queue.name:
        clash = ctx.session.scalar(
            select(LabelingQueue.id).where(LabelingQueue.team_id == queue.team_id, LabelingQueue.name == name)
        )
        if clash is not None:
            raise NonUnique(
                f"a labeling queue named {name!r} already exists in this team", errors=[{"id": clash, "name": name}]
            )
    if name is not None:
        queue.name = name
    if description is not None:
        queue.description = description
    if readme is not None:
        queue.readme = readme
    if labelers is not None:
        _set_labelers(ctx, queue, labelers)
    if reviewers is not None:
        _set_people(ctx, queue, "reviewer", reviewers)
    if limits:
        queue.meta = {**(queue.meta or {}), **limits}  # a new dict: JSON columns see reassignment only
    if req.queueMeta is not None:
        options: dict[str, Any] = req.queueMeta.model_dump(exclude_none=True)
        queue.queue_meta = {**(queue.queue_meta or {}), **options}
    ctx.session.flush()


def remove_queue(ctx: Ctx, queue: LabelingQueue) -> None:
    require_manage(ctx, queue.team_id, f"deleting labeling queue {queue.id}")
    for model in (QueueItem, QueueMember, LabelingJob):
        ctx.session.execute(delete(model).where(model.queue_id == queue.id))
    ctx.session.delete(queue)
    ctx.session.flush()

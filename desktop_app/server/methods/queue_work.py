"""labeling-queues.entities.*: working a queue (docs/queue-work-api.md).

These names are this server's own: the real platform's methods for taking,
submitting and reviewing queue items are not public. Every answer carries the
item as labeling-queues.stats.entities lists it, under "entity" (null when
there is nothing to hand out)."""
from __future__ import annotations

from typing import Any

from pydantic import StrictInt, StrictStr

from .. import queue_work
from ..models import QueueItem
from ..queue_entity_list import entity_json
from ..registry import Ctx, Req, method
from .queues import IdReq, find_queue


class EntityReq(Req):
    id: StrictInt
    entityId: StrictInt


class RejectReq(EntityReq):
    comment: StrictStr | None = None


def _answer(ctx: Ctx, row: QueueItem | None) -> dict[str, Any]:
    return {"entity": entity_json(queue_work.image_of(ctx, row), row) if row is not None else None}


@method("labeling-queues.entities.take-next", IdReq, writes=True)
def take_next(ctx: Ctx, req: IdReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.take_next(ctx, find_queue(ctx, req.id)))


@method("labeling-queues.entities.submit", EntityReq, writes=True)
def submit(ctx: Ctx, req: EntityReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.submit(ctx, find_queue(ctx, req.id), req.entityId))


# Reads only; registered as a writer like the other steps of queue work, which
# on SQLite just means it waits for a running step instead of reading beside it.
@method("labeling-queues.entities.review-next", IdReq, writes=True)
def review_next(ctx: Ctx, req: IdReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.review_next(ctx, find_queue(ctx, req.id)))


@method("labeling-queues.entities.accept", EntityReq, writes=True)
def accept(ctx: Ctx, req: EntityReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.accept(ctx, find_queue(ctx, req.id), req.entityId))


@method("labeling-queues.entities.reject", RejectReq, writes=True)
def reject(ctx: Ctx, req: RejectReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.reject(ctx, find_queue(ctx, req.id), req.entityId, req.comment))

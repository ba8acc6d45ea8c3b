"""labeling-queues.entities.*: working a queue (docs/queue-work-api.md).

These names are this server's own: the real platform's methods for taking,
submitting and reviewing queue items are not public. Every answer carries the
item as labeling-queues.stats.entities lists it, under "entity" (null when
there is nothing to hand out)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictInt, StrictStr

from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import QueueItem
from desktop_app.server.queues import work as queue_work
from desktop_app.server.queues.entity_list import entity_json
from desktop_app.server.routes.answers import QueueWorkAnswer
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.queues import IdReq, find_queue
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["queue work"], responses=ERROR_RESPONSES)


class EntityReq(Req):
    id: StrictInt
    entityId: StrictInt


class RejectReq(EntityReq):
    comment: StrictStr | None = None


def _answer(ctx: Ctx, row: QueueItem | None) -> dict[str, Any]:
    return {"entity": entity_json(queue_work.image_of(ctx, row), row) if row is not None else None}


@router.post("/labeling-queues.entities.take-next", response_model=QueueWorkAnswer)
def take_next(ctx: WriteCtx, req: IdReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.take_next(ctx, find_queue(ctx, req.id)))


@router.post("/labeling-queues.entities.submit", response_model=QueueWorkAnswer)
def submit(ctx: WriteCtx, req: EntityReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.submit(ctx, find_queue(ctx, req.id), req.entityId))


# Reads only; a writer like the other steps of queue work, which on SQLite
# just means it waits for a running step instead of reading beside it.
@router.post("/labeling-queues.entities.review-next", response_model=QueueWorkAnswer)
def review_next(ctx: WriteCtx, req: IdReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.review_next(ctx, find_queue(ctx, req.id)))


@router.post("/labeling-queues.entities.accept", response_model=QueueWorkAnswer)
def accept(ctx: WriteCtx, req: EntityReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.accept(ctx, find_queue(ctx, req.id), req.entityId))


@router.post("/labeling-queues.entities.reject", response_model=QueueWorkAnswer)
def reject(ctx: WriteCtx, req: RejectReq) -> dict[str, Any]:
    return _answer(ctx, queue_work.reject(ctx, find_queue(ctx, req.id), req.entityId, req.comment))

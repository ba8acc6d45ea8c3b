"""labeling-queues.*: create, read, list, edit, delete, set the status of labeling queues and
list their entities with per-item status (docs/wire-contract.md).

Which items a queue holds is computed in queues/entities.py, the entity pages
in queues/entity_list.py, new queues checked in queues/create.py. Queues are visible
to the members of their team only. This server has no disabled queues, so the
`showDisabled` flag of `.list` changes nothing."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import LabelingQueue
from desktop_app.server.errors import NotFound
from desktop_app.server.listing.filter_values import Kind, check_filter_values
from desktop_app.server.listing.pagination import (
    ListReq,
    apply_filters,
    paginate,
)
from desktop_app.server.permissions import require_manage
from desktop_app.server.queues.create import QueueAddReq, create_queue
from desktop_app.server.queues.edit import QueueEditReq, QueueRemoveReq, edit_queue, remove_queue
from desktop_app.server.queues.entity_list import StatsEntitiesReq, entities_page
from desktop_app.server.queues.to_json import queue_json, queues_json
from desktop_app.server.routes.answers import CreatedId, Page, QueueEntities, QueueInfo, Success
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import utcnow

router = APIRouter(route_class=V3Route, tags=["labeling-queues"], responses=ERROR_RESPONSES)

QUEUE_STATUSES = ("pending", "in_progress", "on_review", "completed", "stopped", "review_completed")
FINISHED_STATUSES = ("completed", "review_completed")
LIST_PER_PAGE = 500  # the platform's reported default for this list


def find_queue(ctx: Ctx, id_: int) -> LabelingQueue:
    if not is_db_id(id_):
        raise NotFound(f"labeling queue with id {id_} not found")
    return access.get_queue(ctx, id_)


@router.post("/labeling-queues.add", response_model=CreatedId)
def queues_add(ctx: WriteCtx, req: QueueAddReq) -> dict[str, Any]:
    return {"id": create_queue(ctx, req).id}


class IdReq(Req):
    id: StrictInt


@router.post("/labeling-queues.info", response_model=QueueInfo)
def queues_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return queue_json(ctx.session, find_queue(ctx, req.id))


LIST_FIELDS = {
    "id": LabelingQueue.id,
    "name": LabelingQueue.name,
    "projectId": LabelingQueue.project_id,
    "datasetId": LabelingQueue.dataset_id,
    "collectionId": LabelingQueue.collection_id,
    "status": LabelingQueue.status,
    "createdAt": LabelingQueue.created_at,
    "updatedAt": LabelingQueue.updated_at,
}
LIST_FIELD_KINDS: dict[str, Kind] = {
    "id": "int",
    "name": "str",
    "projectId": "int",
    "datasetId": "int",
    "collectionId": "int",
    "status": "str",
    "createdAt": "time",
    "updatedAt": "time",
}


class QueueListReq(ListReq):
    teamId: StrictInt
    showDisabled: StrictBool | None = None


@router.post("/labeling-queues.list", response_model=Page[QueueInfo])
def queues_list(ctx: ReadCtx, req: QueueListReq) -> dict[str, Any]:
    if not is_db_id(req.teamId):
        raise NotFound(f"team with id {req.teamId} not found")
    team = access.get_team(ctx, req.teamId)
    check_filter_values(req.filter, LIST_FIELD_KINDS)
    stmt = apply_filters(select(LabelingQueue).where(LabelingQueue.team_id == team.id), req.filter, LIST_FIELDS)
    # queues_json reads the members and jobs of a whole page in one query each
    return paginate(
        ctx.session,
        stmt,
        req,
        lambda rows: queues_json(ctx.session, rows),
        fields=LIST_FIELDS,
        id_col=LabelingQueue.id,
        default_per_page=LIST_PER_PAGE,
    )


@router.post("/labeling-queues.editInfo", response_model=QueueInfo)
def queues_edit(ctx: WriteCtx, req: QueueEditReq) -> dict[str, Any]:
    """The bundled server's own (the SDK has no queue edit): queues/edit.py."""
    queue = find_queue(ctx, req.id)
    edit_queue(ctx, queue, req)
    return queue_json(ctx.session, queue)


@router.post("/labeling-queues.remove", response_model=Success)
def queues_remove(ctx: WriteCtx, req: QueueRemoveReq) -> dict[str, Any]:
    """The bundled server's own: the queue and its work states go; its items stay."""
    remove_queue(ctx, find_queue(ctx, req.id))
    return {"success": True}


class SetStatusReq(Req):
    id: StrictInt
    status: Literal[QUEUE_STATUSES]  # type: ignore[valid-type]


@router.post("/labeling-queues.set-status", response_model=Success)
def queues_set_status(ctx: WriteCtx, req: SetStatusReq) -> dict[str, Any]:
    queue = find_queue(ctx, req.id)
    require_manage(ctx, queue.team_id, f"changing the status of labeling queue {queue.id}")
    if req.status != queue.status:
        queue.status = req.status
        queue.finished_at = (queue.finished_at or utcnow()) if req.status in FINISHED_STATUSES else None
    return {"success": True}


@router.post("/labeling-queues.stats.entities", response_model=QueueEntities)
def queues_stats_entities(ctx: ReadCtx, req: StatsEntitiesReq) -> dict[str, Any]:
    return entities_page(ctx, find_queue(ctx, req.id), req)

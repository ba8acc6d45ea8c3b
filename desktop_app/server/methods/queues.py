"""labeling-queues.*: create, read, list, set the status of labeling queues and
list their entities with per-item status (docs/wire-contract.md, section 4).

Which items a queue holds is computed in queue_entities.py, the entity pages
in queue_entity_list.py, new queues checked in queue_create.py. Queues are visible
to the members of their team only. This server has no disabled queues, so the
`showDisabled` flag of `.list` changes nothing."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import StrictBool, StrictInt
from sqlalchemy import select

from .. import access
from ..collection_list_filters import check_filter_values
from ..collection_rules import is_db_id
from ..errors import NotFound
from ..models import LabelingQueue
from ..pagination import ListReq, apply_filters, apply_sort, paginate
from ..queue_create import QueueAddReq, create_queue
from ..queue_entity_list import StatsEntitiesReq, entities_page
from ..queue_json import queue_json, queues_json
from ..registry import Ctx, Req, method
from ..timeutil import utcnow

QUEUE_STATUSES = ("pending", "in_progress", "on_review", "completed", "stopped", "review_completed")
FINISHED_STATUSES = ("completed", "review_completed")
LIST_PER_PAGE = 500  # the platform's reported default for this list


def find_queue(ctx: Ctx, id_: int) -> LabelingQueue:
    if not is_db_id(id_):
        raise NotFound(f"labeling queue with id {id_} not found")
    return access.get_queue(ctx, id_)


@method("labeling-queues.add", QueueAddReq)
def queues_add(ctx: Ctx, req: QueueAddReq) -> dict[str, Any]:
    return {"id": create_queue(ctx, req).id}


class IdReq(Req):
    id: StrictInt


@method("labeling-queues.info", IdReq)
def queues_info(ctx: Ctx, req: IdReq) -> dict[str, Any]:
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
LIST_FIELD_KINDS = {
    "id": "int", "name": "str", "projectId": "int", "datasetId": "int", "collectionId": "int",
    "status": "str", "createdAt": "time", "updatedAt": "time",
}


class QueueListReq(ListReq):
    teamId: StrictInt
    showDisabled: StrictBool | None = None


@method("labeling-queues.list", QueueListReq)
def queues_list(ctx: Ctx, req: QueueListReq) -> dict[str, Any]:
    if not is_db_id(req.teamId):
        raise NotFound(f"team with id {req.teamId} not found")
    team = access.get_team(ctx, req.teamId)
    check_filter_values(req.filter, LIST_FIELD_KINDS)
    stmt = apply_filters(select(LabelingQueue).where(LabelingQueue.team_id == team.id), req.filter, LIST_FIELDS)
    stmt = apply_sort(stmt, req, LIST_FIELDS, LabelingQueue.id)
    # batch_convert does the converting (members and jobs in one query each), so to_json is unused
    return paginate(ctx.session, stmt, req, lambda q: {}, default_per_page=LIST_PER_PAGE,
                    batch_convert=lambda rows: queues_json(ctx.session, rows))


class SetStatusReq(Req):
    id: StrictInt
    status: Literal[QUEUE_STATUSES]  # type: ignore[valid-type]


@method("labeling-queues.set-status", SetStatusReq)
def queues_set_status(ctx: Ctx, req: SetStatusReq) -> dict[str, Any]:
    queue = find_queue(ctx, req.id)
    if req.status != queue.status:
        queue.status = req.status
        queue.finished_at = (queue.finished_at or utcnow()) if req.status in FINISHED_STATUSES else None
    return {"success": True}


@method("labeling-queues.stats.entities", StatsEntitiesReq)
def queues_stats_entities(ctx: Ctx, req: StatsEntitiesReq) -> dict[str, Any]:
    return entities_page(ctx, find_queue(ctx, req.id), req)

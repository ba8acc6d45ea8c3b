"""One page of a queue's entities with their statuses, as
`labeling-queues.stats.entities` answers: {"images": [...], "total": N}.

The SDK pages this on the client (pages = ceil(total / per_page) with the
per_page it sent), so `page` and `per_page` are honoured exactly and `total`
counts every entity matching the filters. A per_page above the maximum is
refused rather than silently shortened."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr
from sqlalchemy import func, select

from desktop_app.server import access
from desktop_app.server.collections.membership import member_ids_query
from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import Image, LabelingQueue, QueueItem
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.images.filters import caller_resolver
from desktop_app.server.listing.filter_values import Kind, check_filter_values
from desktop_app.server.listing.pagination import FilterCond, apply_filters
from desktop_app.server.queues.entities import (
    STATUS,
    STATUS_OF_WIRE,
    STATUS_RANK,
    WIRE_STATUS,
    entities_select,
)
from desktop_app.server.timeutil import iso

ENTITIES_MAX_PER_PAGE = 10_000


class CollectionFilterData(Req):
    collectionId: StrictInt
    include: StrictBool = True


class TypedFilter(Req):
    type: Literal["entities_collection"]
    data: CollectionFilterData


class StatsEntitiesReq(Req):
    id: StrictInt
    page: StrictInt = Field(default=1, ge=1)
    per_page: StrictInt = Field(default=25, ge=1, le=ENTITIES_MAX_PER_PAGE)
    sort: StrictStr | None = None
    sort_order: Literal["asc", "desc"] | None = None
    filters: list[TypedFilter] | None = None
    filter: list[FilterCond] | None = None
    entityStatus: list[Literal[None, "none", "done", "accepted"]] | None = None


ENTITY_FIELDS = {
    "id": Image.id,
    "name": Image.name,
    "datasetId": Image.dataset_id,
    "labelsCount": Image.labels_count,
    "createdAt": Image.created_at,
    "updatedAt": Image.updated_at,
}
ENTITY_FIELD_KINDS: dict[str, Kind] = {
    "id": "int",
    "name": "str",
    "datasetId": "int",
    "labelsCount": "int",
    "createdAt": "time",
    "updatedAt": "time",
}
# This server does not time the work, so duration sorts keep the name/id order.
ENTITY_SORTS = {
    "id": Image.id,
    "name": Image.name,
    "reviewStatus": STATUS_RANK,
    "labelsCount": Image.labels_count,
    "reviewedAt": QueueItem.reviewed_at,
    "updatedAt": Image.updated_at,
    "totalDuration": None,
    "labelerTotalDuration": None,
    "annotationDuration": None,
}


def entity_json(img: Image, item: QueueItem | None) -> dict[str, Any]:
    status = item.status if item else "pending"
    return {
        "id": img.id,
        "name": img.name,
        "datasetId": img.dataset_id,
        "projectId": img.project_id,
        "status": status,
        "reviewStatus": WIRE_STATUS.get(status),
        "labelerId": item.labeler_id if item else None,
        "reviewerId": item.reviewer_id if item else None,
        "rejectedCount": item.rejected_count if item else 0,
        "reviewedAt": iso(item.reviewed_at) if item else None,
        "reviewComment": item.review_comment if item else None,
        "labelsCount": img.labels_count,
        "updatedAt": iso(img.updated_at),
    }


def _collection_condition(ctx: Ctx, f: TypedFilter):
    coll_id = f.data.collectionId
    if not is_db_id(coll_id):
        raise NotFound(f"collection with id {coll_id} not found")
    collection = access.get_collection(ctx, coll_id)
    members = member_ids_query(caller_resolver(ctx), collection)
    return Image.id.in_(members) if f.data.include else Image.id.not_in(members)


def entities_page(ctx: Ctx, queue: LabelingQueue, req: StatsEntitiesReq) -> dict[str, Any]:
    stmt = entities_select(queue)
    if req.entityStatus:
        stmt = stmt.where(STATUS.in_([STATUS_OF_WIRE[w] for w in req.entityStatus]))
    for f in req.filters or []:
        stmt = stmt.where(_collection_condition(ctx, f))
    check_filter_values(req.filter, ENTITY_FIELD_KINDS)
    stmt = apply_filters(stmt, req.filter, ENTITY_FIELDS)
    sort_key = req.sort or "name"
    if sort_key not in ENTITY_SORTS:
        raise InvalidInput(f"cannot sort by {sort_key!r}; allowed: {', '.join(ENTITY_SORTS)}")
    desc = req.sort_order == "desc"
    order = [c for c in (ENTITY_SORTS[sort_key], Image.name, Image.id) if c is not None]
    stmt = stmt.order_by(*(c.desc() if desc else c.asc() for c in order))
    total = ctx.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = ctx.session.execute(stmt.offset((req.page - 1) * req.per_page).limit(req.per_page)).all()
    return {"images": [entity_json(img, item) for img, item in rows], "total": total}

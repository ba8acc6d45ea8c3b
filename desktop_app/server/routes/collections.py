"""entities-collections.*: create, list, read, rename, delete collections and
add or remove their items (docs/wire-contract.md).

A collection belongs to one project, holds item ids of that project and is
visible to the members of the project's team only."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt, StrictStr
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.items import add_items, remove_items
from desktop_app.server.collections.membership import SMART, items_counts
from desktop_app.server.collections.rules import clean_name, clean_text, is_db_id
from desktop_app.server.collections.smart import REFUSE_ITEM_EDIT, SOURCE_FILTERS, checked_filter
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import Collection, Project
from desktop_app.server.errors import InvalidInput, NonUnique, NotFound
from desktop_app.server.images.filters import caller_resolver
from desktop_app.server.listing.filter_values import Kind, check_filter_values
from desktop_app.server.listing.pagination import (
    ListReq,
    apply_filters,
    paginate,
)
from desktop_app.server.permissions import require_manage
from desktop_app.server.routes.answers import CollectionInfo, ItemsChanged, Page, Success
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["entities-collections"], responses=ERROR_RESPONSES)

LIST_FIELDS = {
    "id": Collection.id,
    "name": Collection.name,
    "createdAt": Collection.created_at,
    "updatedAt": Collection.updated_at,
}
LIST_FIELD_KINDS: dict[str, Kind] = {"id": "int", "name": "str", "createdAt": "time", "updatedAt": "time"}
LIST_PER_PAGE = 10_000  # the platform's reported default for this list


def collection_json(c: Collection, items_count: int, with_meta: bool = False) -> dict[str, Any]:
    out = {
        "id": c.id,
        "name": c.name,
        "teamId": c.team_id,
        "projectId": c.project_id,
        "createdAt": iso(c.created_at),
        "updatedAt": iso(c.updated_at),
        "description": c.description,
        "options": c.options,
        "type": c.type,
        "createdBy": c.created_by,
        "itemsCount": items_count,  # not in the SDK tuple; the app's sidebar shows it
    }
    if with_meta:
        out["meta"] = c.meta
    return out


def find_collection(ctx: Ctx, id_: int) -> Collection:
    if not is_db_id(id_):
        raise NotFound(f"collection with id {id_} not found")
    return access.get_collection(ctx, id_)


def find_project(ctx: Ctx, id_: int) -> Project:
    if not is_db_id(id_):
        raise NotFound(f"project with id {id_} not found")
    return access.get_project(ctx, id_)


def ensure_unique_name(ctx: Ctx, project_id: int, name: str, except_id: int | None = None) -> None:
    """Names are unique per project regardless of case: "Training Set" and "training set"
    side by side are a slip, not two collections. Compared in Python (casefold), since
    SQLite's lower() folds ASCII only."""
    wanted = name.casefold()
    rows = ctx.session.execute(select(Collection.id, Collection.name).where(Collection.project_id == project_id))
    clash = next((row for row in rows if row.name.casefold() == wanted and row.id != except_id), None)
    if clash is not None:
        same = "" if clash.name == name else f" ({clash.name!r}; names differ only in case)"
        raise NonUnique(
            f"a collection named {name!r} already exists in this project{same}",
            errors=[{"id": clash.id, "name": clash.name}],
        )


def one_json(ctx: Ctx, c: Collection, with_meta: bool = False) -> dict[str, Any]:
    return collection_json(c, items_counts(ctx.session, [c]).get(c.id, 0), with_meta)


def _checked_options(ctx: Ctx, project: Project, type_: str, options: Any, self_id: int | None) -> dict[str, Any]:
    """A smart collection's filter, or a static one's remembered sourceFilters,
    checked by building it (docs/smart-collections-api.md); 400 when bad."""
    if options is None:
        return {}
    if type_ == SMART:
        return checked_filter(caller_resolver(ctx), project, options, self_id)
    if not isinstance(options, dict) or set(options) - {SOURCE_FILTERS}:
        raise InvalidInput(f"a {type_} collection's options may hold only {SOURCE_FILTERS!r}")
    if SOURCE_FILTERS not in options:
        return {}
    return {SOURCE_FILTERS: checked_filter(caller_resolver(ctx), project, options[SOURCE_FILTERS], None)}


class AddReq(Req):
    projectId: StrictInt
    name: StrictStr
    type: Literal["default", "aiSearch", "smart"] | None = None
    description: StrictStr | None = None
    meta: dict[str, Any] | None = None
    options: dict[str, Any] | None = None


@router.post("/entities-collections.add", response_model=CollectionInfo)
def collections_add(ctx: WriteCtx, req: AddReq) -> dict[str, Any]:
    project = find_project(ctx, req.projectId)
    require_manage(ctx, project.team_id, f"creating collections in project {project.id}")
    name = clean_name(req.name, "collection")
    description = clean_text(req.description, "description")
    type_ = req.type or "default"
    meta = req.meta or {}
    key = meta.get("aiSearchKey")
    if type_ == "aiSearch" and not (isinstance(key, str) and key.strip()):
        raise InvalidInput("an aiSearch collection needs meta.aiSearchKey (a non-empty string)")
    if type_ == SMART and req.options is None:
        raise InvalidInput("a smart collection needs options with its filter ('filters', 'filter', 'datasetIds')")
    options = _checked_options(ctx, project, type_, req.options, None)
    ensure_unique_name(ctx, project.id, name)
    coll = Collection(
        project_id=project.id,
        team_id=project.team_id,
        name=name,
        description=description,
        type=type_,
        options=options,
        meta=meta,
        created_by=ctx.user.id,
    )
    ctx.session.add(coll)
    ctx.session.flush()
    return one_json(ctx, coll) if type_ == SMART else collection_json(coll, 0)


class ListCollectionsReq(ListReq):
    projectId: StrictInt
    type: Literal["default", "aiSearch", "smart", "all"] | None = None


@router.post("/entities-collections.list", response_model=Page[CollectionInfo])
def collections_list(ctx: ReadCtx, req: ListCollectionsReq) -> dict[str, Any]:
    project = find_project(ctx, req.projectId)
    stmt = select(Collection).where(Collection.project_id == project.id)
    type_ = req.type or "default"
    if type_ == "default":  # a smart collection is a default one whose members the server picks
        stmt = stmt.where(Collection.type.in_(("default", SMART)))
    elif type_ != "all":
        stmt = stmt.where(Collection.type == type_)
    check_filter_values(req.filter, LIST_FIELD_KINDS)
    stmt = apply_filters(stmt, req.filter, LIST_FIELDS)
    with_meta = "meta" in (req.extraFields or [])

    def convert(rows: list[Collection]) -> list[dict[str, Any]]:
        counts = items_counts(ctx.session, rows)
        return [collection_json(c, counts.get(c.id, 0), with_meta) for c in rows]

    return paginate(
        ctx.session, stmt, req, convert, fields=LIST_FIELDS, id_col=Collection.id, default_per_page=LIST_PER_PAGE
    )


class InfoReq(Req):
    id: StrictInt
    extraFields: list[StrictStr] | None = None


@router.post("/entities-collections.info", response_model=CollectionInfo)
def collections_info(ctx: ReadCtx, req: InfoReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    return one_json(ctx, coll, "meta" in (req.extraFields or []))


class EditReq(Req):
    id: StrictInt
    name: StrictStr | None = None
    description: StrictStr | None = None
    options: dict[str, Any] | None = None


@router.post("/entities-collections.editInfo", response_model=CollectionInfo)
def collections_edit(ctx: WriteCtx, req: EditReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    require_manage(ctx, coll.team_id, f"editing collection {coll.id}")
    if req.name is not None:
        name = clean_name(req.name, "collection")
        ensure_unique_name(ctx, coll.project_id, name, except_id=coll.id)
        coll.name = name
    if req.description is not None:
        coll.description = clean_text(req.description, "description")
    if req.options is not None:
        project = ctx.session.get_one(Project, coll.project_id)
        coll.options = _checked_options(ctx, project, coll.type, req.options, coll.id)
    ctx.session.flush()
    return one_json(ctx, coll)


class RemoveReq(Req):
    id: StrictInt
    hardDelete: StrictBool | None = None


@router.post("/entities-collections.remove", response_model=Success)
def collections_remove(ctx: WriteCtx, req: RemoveReq) -> dict[str, Any]:
    # This server keeps no disabled collections: both kinds of delete remove the
    # collection and its item list (never the items). Queues that followed it
    # keep the items whose work has started.
    coll = find_collection(ctx, req.id)
    require_manage(ctx, coll.team_id, f"deleting collection {coll.id}")
    ctx.session.delete(coll)
    return {"success": True}


class EntityItem(Req):
    entityId: StrictInt
    meta: dict[str, Any] | None = None


class BulkAddReq(Req):
    collectionId: StrictInt
    entityIds: list[StrictInt] | None = None
    entityItems: list[EntityItem] | None = None


@router.post("/entities-collections.items.bulk.add", response_model=ItemsChanged)
def collections_items_add(ctx: WriteCtx, req: BulkAddReq) -> dict[str, Any]:
    if (req.entityIds is None) == (req.entityItems is None):
        raise InvalidInput("give exactly one of entityIds or entityItems")
    coll = find_collection(ctx, req.collectionId)
    require_manage(ctx, coll.team_id, f"adding items to collection {coll.id}")
    if coll.type == SMART:
        raise InvalidInput(REFUSE_ITEM_EDIT)
    entries: list[tuple[int, dict[str, Any] | None]]
    if req.entityIds is not None:
        entries = [(i, None) for i in req.entityIds]
    else:
        entries = [(e.entityId, e.meta) for e in req.entityItems or []]
    return add_items(ctx.session, coll, entries)


class BulkRemoveReq(Req):
    collectionId: StrictInt
    entityIds: list[StrictInt]


@router.post("/entities-collections.items.bulk.remove", response_model=ItemsChanged)
def collections_items_remove(ctx: WriteCtx, req: BulkRemoveReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.collectionId)
    require_manage(ctx, coll.team_id, f"removing items from collection {coll.id}")
    if coll.type == SMART:
        raise InvalidInput(REFUSE_ITEM_EDIT)
    return remove_items(ctx.session, coll, req.entityIds)

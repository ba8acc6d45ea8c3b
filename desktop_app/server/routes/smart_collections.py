"""entities-collections.freeze / .unfreeze / .drift / .reconcile: the bundled
server's methods for smart collections and collections made from a filter
(docs/smart-collections-api.md). Creating and editing a smart collection are
entities-collections.add / .editInfo with type "smart" (routes/collections.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field, StrictInt
from sqlalchemy.orm import Session

from desktop_app.server.collections import smart
from desktop_app.server.context import Req
from desktop_app.server.db.models import Project
from desktop_app.server.images.filters import caller_resolver
from desktop_app.server.permissions import require_manage
from desktop_app.server.routes.answers import Answer, CollectionInfo
from desktop_app.server.routes.collections import find_collection, one_json
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["entities-collections"], responses=ERROR_RESPONSES)


class IdReq(Req):
    id: StrictInt


class Drift(Answer):
    added: int
    removed: int
    sampleAdded: list[int]
    sampleRemoved: list[int]


class Expect(Req):
    added: StrictInt = Field(ge=0)
    removed: StrictInt = Field(ge=0)


class ReconcileReq(Req):
    id: StrictInt
    expect: Expect | None = None


class Reconciled(Answer):
    addedIds: list[int]
    removedIds: list[int]


def _project(session: Session, project_id: int) -> Project:
    return session.get_one(Project, project_id)


@router.post("/entities-collections.freeze", response_model=CollectionInfo)
def collections_freeze(ctx: WriteCtx, req: IdReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    require_manage(ctx, coll.team_id, f"freezing collection {coll.id}")
    smart.freeze(caller_resolver(ctx), coll)
    ctx.session.flush()
    return one_json(ctx, coll)


@router.post("/entities-collections.unfreeze", response_model=CollectionInfo)
def collections_unfreeze(ctx: WriteCtx, req: IdReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    require_manage(ctx, coll.team_id, f"making collection {coll.id} smart again")
    smart.unfreeze(caller_resolver(ctx), _project(ctx.session, coll.project_id), coll)
    ctx.session.flush()
    return one_json(ctx, coll)


@router.post("/entities-collections.drift", response_model=Drift)
def collections_drift(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    return smart.drift(caller_resolver(ctx), _project(ctx.session, coll.project_id), coll)


@router.post("/entities-collections.reconcile", response_model=Reconciled)
def collections_reconcile(ctx: WriteCtx, req: ReconcileReq) -> dict[str, Any]:
    coll = find_collection(ctx, req.id)
    require_manage(ctx, coll.team_id, f"reconciling collection {coll.id}")
    expect = req.expect.model_dump() if req.expect is not None else None
    return smart.reconcile(caller_resolver(ctx), _project(ctx.session, coll.project_id), coll, expect)

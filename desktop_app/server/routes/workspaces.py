"""workspaces.list, workspaces.info."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.context import IdReq
from desktop_app.server.db.models import (
    Workspace,
)
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.routes.answers import Page, WorkspaceInfo
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["workspaces"], responses=ERROR_RESPONSES)


WORKSPACE_FIELDS = {
    "id": Workspace.id,
    "name": Workspace.name,
    "createdAt": Workspace.created_at,
    "updatedAt": Workspace.updated_at,
}


class WorkspacesListReq(ListReq):
    teamId: StrictInt


def workspace_json(w: Workspace) -> dict[str, Any]:
    return {
        "id": w.id,
        "name": w.name,
        "description": w.description,
        "teamId": w.team_id,
        "createdAt": iso(w.created_at),
        "updatedAt": iso(w.updated_at),
    }


@router.post("/workspaces.list", response_model=Page[WorkspaceInfo])
def workspaces_list(ctx: ReadCtx, req: WorkspacesListReq) -> dict[str, Any]:
    team = access.get_team(ctx, req.teamId)
    stmt = select(Workspace).where(Workspace.team_id == team.id)
    return paginate(
        ctx.session,
        apply_filters(stmt, req.filter, WORKSPACE_FIELDS),
        req,
        lambda rows: [workspace_json(w) for w in rows],
        fields=WORKSPACE_FIELDS,
        id_col=Workspace.id,
        default_per_page=20000,
    )


@router.post("/workspaces.info", response_model=WorkspaceInfo)
def workspaces_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return workspace_json(access.get_workspace(ctx, req.id))

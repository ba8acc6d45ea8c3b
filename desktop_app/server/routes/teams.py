"""teams.list, teams.info: the teams the caller belongs to."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.context import IdReq
from desktop_app.server.db.models import (
    Team,
    TeamMember,
)
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.routes.answers import Page, TeamInfo
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["teams"], responses=ERROR_RESPONSES)


def team_json(t: Team, role: str | None) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "role": role,
        "createdAt": iso(t.created_at),
        "updatedAt": iso(t.updated_at),
        "usage": None,
    }


TEAM_FIELDS = {"id": Team.id, "name": Team.name, "createdAt": Team.created_at, "updatedAt": Team.updated_at}


@router.post("/teams.list", response_model=Page[TeamInfo])
def teams_list(ctx: ReadCtx, req: Annotated[ListReq, Body(default_factory=ListReq)]) -> dict[str, Any]:
    roles = dict(
        ctx.session.execute(select(TeamMember.team_id, TeamMember.role).where(TeamMember.user_id == ctx.user.id)).all()
    )
    stmt = select(Team).where(Team.id.in_(list(roles)))
    return paginate(
        ctx.session,
        apply_filters(stmt, req.filter, TEAM_FIELDS),
        req,
        lambda rows: [team_json(t, roles.get(t.id)) for t in rows],
        fields=TEAM_FIELDS,
        id_col=Team.id,
        default_per_page=1000,
    )


@router.post("/teams.info", response_model=TeamInfo)
def teams_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    team = access.get_team(ctx, req.id)
    return team_json(team, access.team_role(ctx, team.id))

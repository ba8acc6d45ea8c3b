"""instance, users, teams, workspaces, projects, datasets."""
from __future__ import annotations

from typing import Any

from pydantic import StrictInt
from sqlalchemy import select

from .. import access
from ..models import Team, TeamMember, User
from ..pagination import ListReq, apply_filters, apply_sort, paginate
from ..registry import Ctx, Req, method
from ..timeutil import iso

INSTANCE_VERSION = "6.18.3"  # >= the SDK's MINIMUM_INSTANCE_VERSION_FOR_SDK


class Empty(Req):
    pass


class IdReq(Req):
    id: StrictInt


@method("instance.version", Empty, auth=False)
def instance_version(ctx: Ctx, req: Empty) -> dict[str, Any]:
    return {"version": INSTANCE_VERSION}


def user_json(u: User) -> dict[str, Any]:
    return {
        "id": u.id,
        "login": u.login,
        "role": u.role,
        "roleId": 1 if u.role == "admin" else 2,
        "name": u.name,
        "email": u.email,
        "logins": 0,
        "disabled": u.disabled,
        "lastLogin": iso(u.last_login),
        "createdAt": iso(u.created_at),
        "updatedAt": iso(u.updated_at),
    }


@method("users.me", Empty)
def users_me(ctx: Ctx, req: Empty) -> dict[str, Any]:
    return user_json(ctx.user)


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


@method("teams.list", ListReq)
def teams_list(ctx: Ctx, req: ListReq) -> dict[str, Any]:
    roles = dict(
        ctx.session.execute(
            select(TeamMember.team_id, TeamMember.role).where(TeamMember.user_id == ctx.user.id)
        ).all()
    )
    stmt = select(Team).where(Team.id.in_(list(roles)))
    stmt = apply_sort(apply_filters(stmt, req.filter, TEAM_FIELDS), req, TEAM_FIELDS, Team.id)
    return paginate(ctx.session, stmt, req, lambda t: team_json(t, roles.get(t.id)), default_per_page=1000)


@method("teams.info", IdReq)
def teams_info(ctx: Ctx, req: IdReq) -> dict[str, Any]:
    team = access.get_team(ctx, req.id)
    return team_json(team, access.team_role(ctx, team.id))

"""users.me, users.list, users.info: the caller and the members of their teams."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from sqlalchemy import or_, select

from desktop_app.server import access
from desktop_app.server.context import Ctx, Empty, IdReq
from desktop_app.server.db.models import (
    Team,
    TeamMember,
    User,
)
from desktop_app.server.errors import NotFound
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.routes.answers import Page, UserInfo
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["users"], responses=ERROR_RESPONSES)


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


@router.post("/users.me", response_model=UserInfo)
def users_me(ctx: ReadCtx, req: Annotated[Empty, Body(default_factory=Empty)]) -> dict[str, Any]:
    return user_json(ctx.user)


# Team role -> Supervisely role id (1-4 are the platform's built-in ids).
ROLE_IDS = {"admin": 1, "developer": 2, "annotator": 3, "viewer": 4, "manager": 5, "reviewer": 6}

USER_FIELDS = {
    "id": User.id,
    "login": User.login,
    "name": User.name,
    "email": User.email,
    "role": User.role,
    "disabled": User.disabled,
    "lastLogin": User.last_login,
    "createdAt": User.created_at,
    "updatedAt": User.updated_at,
}


def _visible_users(ctx: Ctx):
    """The caller and everyone sharing a team with them."""
    my_teams = select(TeamMember.team_id).where(TeamMember.user_id == ctx.user.id)
    mates = select(TeamMember.user_id).where(TeamMember.team_id.in_(my_teams))
    return or_(User.id == ctx.user.id, User.id.in_(mates))


@router.post("/users.list", response_model=Page[UserInfo])
def users_list(ctx: ReadCtx, req: Annotated[ListReq, Body(default_factory=ListReq)]) -> dict[str, Any]:
    stmt = select(User).where(_visible_users(ctx))
    return paginate(
        ctx.session,
        apply_filters(stmt, req.filter, USER_FIELDS),
        req,
        lambda rows: [user_json(u) for u in rows],
        fields=USER_FIELDS,
        id_col=User.id,
        default_per_page=20000,
    )


@router.post("/users.info", response_model=UserInfo)
def users_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    user = ctx.session.scalar(select(User).where(User.id == req.id, _visible_users(ctx)))
    if user is None:
        raise NotFound(f"user with id {req.id} not found")
    # Only teams the caller belongs to as well: other teams stay invisible.
    rows = ctx.session.execute(
        select(Team.id, Team.name, TeamMember.role)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user.id, Team.id.in_(access.team_ids(ctx)))
        .order_by(Team.id)
    ).all()
    teams = [{"id": tid, "name": name, "roleId": ROLE_IDS.get(role, 0), "role": role} for tid, name, role in rows]
    return {**user_json(user), "teams": teams}

"""Look-ups that respect membership: a user sees only the teams they belong
to, and everything inside them. Anything else is reported as not found."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import (
    Collection,
    Dataset,
    Image,
    LabelingQueue,
    Project,
    Team,
    TeamMember,
    Workspace,
)
from desktop_app.server.errors import NotFound

T = TypeVar("T")


def team_ids(ctx: Ctx) -> list[int]:
    return list(ctx.session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == ctx.user.id)))


def team_role(ctx: Ctx, team_id: int) -> str | None:
    return ctx.session.scalar(
        select(TeamMember.role).where(TeamMember.user_id == ctx.user.id, TeamMember.team_id == team_id)
    )


def _get(ctx: Ctx, model: type[T], id_: int, what: str, team_of) -> T:
    """`team_of(obj)`: the id of the team `obj` belongs to, or None when it belongs to none."""
    obj = ctx.session.get(model, id_)
    team_id = team_of(obj) if obj is not None else None
    if obj is None or team_id is None or team_role(ctx, team_id) is None:
        raise NotFound(f"{what} with id {id_} not found")
    return obj


def _project_team(ctx: Ctx, project_id: int) -> int | None:
    project = ctx.session.get(Project, project_id)
    return project.team_id if project is not None else None


def get_team(ctx: Ctx, id_: int) -> Team:
    return _get(ctx, Team, id_, "team", lambda t: t.id)


def get_workspace(ctx: Ctx, id_: int) -> Workspace:
    return _get(ctx, Workspace, id_, "workspace", lambda w: w.team_id)


def get_project(ctx: Ctx, id_: int) -> Project:
    return _get(ctx, Project, id_, "project", lambda p: p.team_id)


def get_dataset(ctx: Ctx, id_: int) -> Dataset:
    return _get(ctx, Dataset, id_, "dataset", lambda d: _project_team(ctx, d.project_id))


def get_image(ctx: Ctx, id_: int) -> Image:
    return _get(ctx, Image, id_, "image", lambda i: _project_team(ctx, i.project_id))


def get_collection(ctx: Ctx, id_: int) -> Collection:
    return _get(ctx, Collection, id_, "collection", lambda c: c.team_id)


def get_queue(ctx: Ctx, id_: int) -> LabelingQueue:
    return _get(ctx, LabelingQueue, id_, "labeling queue", lambda q: q.team_id)

"""What a team role lets its holder change, decided here and nowhere else
(looking is decided in access.py: other teams' things stay 404, never 403).

As on Supervisely:
- admin, manager, developer: manage everything of the team (collections,
  queues, projects, datasets, items, annotations, uploads);
- annotator, reviewer: look; work the labeling queues they are members of,
  and save annotations of those queues' items only;
- viewer: look only.

Every refusal is a 403 naming the role and what was refused, raised before the
route writes anything."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, select

from desktop_app.server import access
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Image, LabelingQueue, Project, QueueMember, Team, TeamMember
from desktop_app.server.errors import Forbidden
from desktop_app.server.queues.entities import entity_status

MANAGING_ROLES = frozenset({"admin", "manager", "developer"})
QUEUE_WORK_ROLES = frozenset({"annotator", "reviewer"})  # and the managing roles


def may_manage(ctx: Ctx, team_id: int) -> bool:
    return access.team_role(ctx, team_id) in MANAGING_ROLES


def refusal(ctx: Ctx, team_id: int, doing: str, **extra: Any) -> Forbidden:
    team = ctx.session.get(Team, team_id)
    role = access.team_role(ctx, team_id)
    where = f"team {team.name!r}" if team is not None else f"team {team_id}"
    return Forbidden(f"your role in {where} is {role}: it does not allow {doing}", **extra)


def require_manage(ctx: Ctx, team_id: int, doing: str) -> None:
    """403 unless the caller may manage the team's collections, queues and items;
    `doing` says what was refused ("creating collections in project 5")."""
    if not may_manage(ctx, team_id):
        raise refusal(ctx, team_id, doing)


def require_queue_work(ctx: Ctx, queue: LabelingQueue, doing: str) -> None:
    """Viewers never work a queue, even when named in it (queue membership is
    checked afterwards by queues/work.py)."""
    if access.team_role(ctx, queue.team_id) not in MANAGING_ROLES | QUEUE_WORK_ROLES:
        raise refusal(ctx, queue.team_id, doing)


def _my_queues(ctx: Ctx, project_id: int) -> list[LabelingQueue]:
    member = exists().where(QueueMember.queue_id == LabelingQueue.id, QueueMember.user_id == ctx.user.id)
    return list(ctx.session.scalars(select(LabelingQueue).where(LabelingQueue.project_id == project_id, member)))


def may_annotate(ctx: Ctx, item: Image) -> bool:
    """Managers annotate anything of their team; annotators and reviewers only
    the items of the queues they are members of."""
    team_id = ctx.session.get_one(Project, item.project_id).team_id
    role = access.team_role(ctx, team_id)
    if role in MANAGING_ROLES:
        return True
    if role not in QUEUE_WORK_ROLES:
        return False
    return any(entity_status(ctx.session, q, item.id) is not None for q in _my_queues(ctx, item.project_id))


def require_annotate(ctx: Ctx, items: Iterable[Image], doing: str) -> None:
    """403 unless the caller may annotate every one of `items` (all or nothing)."""
    for item in items:
        if not may_annotate(ctx, item):
            team_id = ctx.session.get_one(Project, item.project_id).team_id
            why = f"{doing} (item {item.id} is not in a labeling queue of yours)"
            raise refusal(ctx, team_id, why, ids=[item.id])


def require_annotate_project(ctx: Ctx, project: Project, doing: str) -> None:
    """For annotation parts not on an item yet (a point cloud's objects wait in
    their dataset): queue workers need a queue of theirs in the project."""
    role = access.team_role(ctx, project.team_id)
    if role in MANAGING_ROLES or (role in QUEUE_WORK_ROLES and _my_queues(ctx, project.id)):
        return
    raise refusal(ctx, project.team_id, doing)


def require_upload(ctx: Ctx, doing: str) -> None:
    """Uploaded bytes belong to no team until an *.bulk.add names a dataset, so
    uploading needs a managing role in at least one team."""
    managing = select(TeamMember.team_id).where(TeamMember.user_id == ctx.user.id, TeamMember.role.in_(MANAGING_ROLES))
    if ctx.session.scalar(managing.limit(1)) is None:
        raise Forbidden(f"no team of yours gives you a role that allows {doing} (admin, manager or developer)")

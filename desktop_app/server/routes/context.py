"""instance, users, teams, workspaces, projects, datasets."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt
from sqlalchemy import or_, select

from desktop_app.server import access
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import (
    Dataset,
    ObjClass,
    Project,
    TagMeta,
    Team,
    TeamMember,
    User,
    Workspace,
)
from desktop_app.server.errors import NotFound
from desktop_app.server.images import counts as image_counts
from desktop_app.server.listing.pagination import (
    ListReq,
    apply_filters,
    paginate,
)
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["context"], responses=ERROR_RESPONSES)

INSTANCE_VERSION = "6.18.3"  # >= the SDK's MINIMUM_INSTANCE_VERSION_FOR_SDK


class Empty(Req):
    pass


class IdReq(Req):
    id: StrictInt


@router.post("/instance.version")
def instance_version(req: Empty = Empty()) -> dict[str, Any]:
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


@router.post("/users.me")
def users_me(ctx: ReadCtx, req: Empty = Empty()) -> dict[str, Any]:
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


@router.post("/teams.list")
def teams_list(ctx: ReadCtx, req: ListReq = ListReq()) -> dict[str, Any]:
    roles = dict(
        ctx.session.execute(
            select(TeamMember.team_id, TeamMember.role).where(TeamMember.user_id == ctx.user.id)
        ).all()
    )
    stmt = select(Team).where(Team.id.in_(list(roles)))
    return paginate(ctx.session, apply_filters(stmt, req.filter, TEAM_FIELDS), req,
                    lambda rows: [team_json(t, roles.get(t.id)) for t in rows],
                    fields=TEAM_FIELDS, id_col=Team.id, default_per_page=1000)


@router.post("/teams.info")
def teams_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    team = access.get_team(ctx, req.id)
    return team_json(team, access.team_role(ctx, team.id))


# --- users -----------------------------------------------------------------

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


@router.post("/users.list")
def users_list(ctx: ReadCtx, req: ListReq = ListReq()) -> dict[str, Any]:
    stmt = select(User).where(_visible_users(ctx))
    return paginate(ctx.session, apply_filters(stmt, req.filter, USER_FIELDS), req,
                    lambda rows: [user_json(u) for u in rows],
                    fields=USER_FIELDS, id_col=User.id, default_per_page=20000)


@router.post("/users.info")
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


# --- workspaces ------------------------------------------------------------

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


@router.post("/workspaces.list")
def workspaces_list(ctx: ReadCtx, req: WorkspacesListReq) -> dict[str, Any]:
    team = access.get_team(ctx, req.teamId)
    stmt = select(Workspace).where(Workspace.team_id == team.id)
    return paginate(ctx.session, apply_filters(stmt, req.filter, WORKSPACE_FIELDS), req,
                    lambda rows: [workspace_json(w) for w in rows],
                    fields=WORKSPACE_FIELDS, id_col=Workspace.id, default_per_page=20000)


@router.post("/workspaces.info")
def workspaces_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return workspace_json(access.get_workspace(ctx, req.id))


# --- projects --------------------------------------------------------------

PROJECT_FIELDS = {
    "id": Project.id,
    "name": Project.name,
    "title": Project.name,  # the SDK's name for `name` in `fields`
    "type": Project.type,
    "workspaceId": Project.workspace_id,
    "createdAt": Project.created_at,
    "updatedAt": Project.updated_at,
}


class ProjectsListReq(ListReq):
    workspaceId: StrictInt | None = None
    groupId: StrictInt | None = None  # team id


def projects_json(ctx: Ctx, projects: list[Project]) -> list[dict[str, Any]]:
    """ProjectInfo JSON for a page of projects, counts from two grouped queries."""
    ids = [p.id for p in projects]
    counts = image_counts.per_project(ctx.session, ids)
    datasets = image_counts.datasets_per_project(ctx.session, ids)
    out = []
    for p in projects:
        c = counts.get(p.id, image_counts.Counts())
        out.append({
            "id": p.id,
            "name": p.name,
            "description": p.description,
            "size": str(c.size),
            "readme": p.readme,
            "workspaceId": p.workspace_id,
            "teamId": p.team_id,
            "groupId": p.team_id,
            "imagesCount": c.images,
            "itemsCount": c.images,
            "datasetsCount": datasets.get(p.id, 0),
            "createdAt": iso(p.created_at),
            "updatedAt": iso(p.updated_at),
            "type": p.type,
            "referenceImageUrl": None,
            "customData": p.custom_data or {},
            "backupArchive": None,
            "settings": {},
            "importSettings": {},
            "version": None,
            "createdBy": p.created_by,
            "embeddingsEnabled": False,
            "embeddingsUpdatedAt": None,
            "embeddingsInProgress": False,
            "localEntitiesCount": c.images,
            "remoteEntitiesCount": 0,
        })
    return out


@router.post("/projects.list")
def projects_list(ctx: ReadCtx, req: ProjectsListReq = ProjectsListReq()) -> dict[str, Any]:
    # `fields` is accepted and ignored: every key is always returned.
    stmt = select(Project).where(Project.team_id.in_(access.team_ids(ctx)))
    if req.workspaceId is not None:
        stmt = stmt.where(Project.workspace_id == access.get_workspace(ctx, req.workspaceId).id)
    if req.groupId is not None:
        stmt = stmt.where(Project.team_id == access.get_team(ctx, req.groupId).id)
    return paginate(ctx.session, apply_filters(stmt, req.filter, PROJECT_FIELDS), req,
                    lambda rows: projects_json(ctx, rows),
                    fields=PROJECT_FIELDS, id_col=Project.id, default_per_page=20000)


@router.post("/projects.info")
def projects_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return projects_json(ctx, [access.get_project(ctx, req.id)])[0]


def class_json(c: ObjClass) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "shape": c.shape, "color": c.color,
            "hotkey": c.hotkey, "description": c.description}


def tag_meta_json(t: TagMeta) -> dict[str, Any]:
    out = {"id": t.id, "name": t.name, "value_type": t.value_type, "color": t.color,
           "applicable_type": t.applicable_type, "hotkey": t.hotkey}
    if t.value_type == "oneof_string":  # the SDK refuses `values` on any other type
        out["values"] = list(t.values or [])
    return out


@router.post("/projects.meta")
def projects_meta(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.id)
    classes = ctx.session.scalars(select(ObjClass).where(ObjClass.project_id == project.id).order_by(ObjClass.id))
    tags = ctx.session.scalars(select(TagMeta).where(TagMeta.project_id == project.id).order_by(TagMeta.id))
    return {"classes": [class_json(c) for c in classes], "tags": [tag_meta_json(t) for t in tags],
            "projectType": project.type}


# --- datasets --------------------------------------------------------------

DATASET_FIELDS = {
    "id": Dataset.id,
    "name": Dataset.name,
    "parentId": Dataset.parent_id,
    "createdAt": Dataset.created_at,
    "updatedAt": Dataset.updated_at,
}


class DatasetsListReq(ListReq):
    projectId: StrictInt
    recursive: StrictBool | None = False


def datasets_json(ctx: Ctx, datasets: list[Dataset]) -> list[dict[str, Any]]:
    counts = image_counts.per_dataset(ctx.session, [d.id for d in datasets])
    projects = {p.id: p for p in ctx.session.scalars(
        select(Project).where(Project.id.in_({d.project_id for d in datasets})))}
    out = []
    for d in datasets:
        c, p = counts.get(d.id, image_counts.Counts()), projects[d.project_id]
        out.append({
            "id": d.id,
            "name": d.name,
            "description": d.description,
            "size": str(c.size),
            "projectId": d.project_id,
            "imagesCount": c.images,
            "itemsCount": c.images,
            "createdAt": iso(d.created_at),
            "updatedAt": iso(d.updated_at),
            "referenceImageUrl": None,
            "teamId": p.team_id,
            "workspaceId": p.workspace_id,
            "parentId": d.parent_id,
            "customData": d.custom_data or {},
            "createdBy": d.created_by,
        })
    return out


@router.post("/datasets.list")
def datasets_list(ctx: ReadCtx, req: DatasetsListReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    stmt = select(Dataset).where(Dataset.project_id == project.id)
    filters_parent = any(c.field == "parentId" for c in req.filter or [])
    if not req.recursive and not filters_parent:
        stmt = stmt.where(Dataset.parent_id.is_(None))  # top level only, as the platform does
    return paginate(ctx.session, apply_filters(stmt, req.filter, DATASET_FIELDS), req,
                    lambda rows: datasets_json(ctx, rows),
                    fields=DATASET_FIELDS, id_col=Dataset.id, default_per_page=20000)


@router.post("/datasets.info")
def datasets_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return datasets_json(ctx, [access.get_dataset(ctx, req.id)])[0]

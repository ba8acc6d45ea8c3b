"""projects.list, projects.info, projects.meta (classes and tag metas)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.context import Ctx, IdReq
from desktop_app.server.db.models import (
    ObjClass,
    Project,
    TagMeta,
)
from desktop_app.server.images import counts as image_counts
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.routes.answers import Page, ProjectInfo, ProjectMeta
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["projects"], responses=ERROR_RESPONSES)


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
        out.append(
            {
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
            }
        )
    return out


@router.post("/projects.list", response_model=Page[ProjectInfo])
def projects_list(
    ctx: ReadCtx, req: Annotated[ProjectsListReq, Body(default_factory=ProjectsListReq)]
) -> dict[str, Any]:
    # `fields` is accepted and ignored: every key is always returned.
    stmt = select(Project).where(Project.team_id.in_(access.team_ids(ctx)))
    if req.workspaceId is not None:
        stmt = stmt.where(Project.workspace_id == access.get_workspace(ctx, req.workspaceId).id)
    if req.groupId is not None:
        stmt = stmt.where(Project.team_id == access.get_team(ctx, req.groupId).id)
    return paginate(
        ctx.session,
        apply_filters(stmt, req.filter, PROJECT_FIELDS),
        req,
        lambda rows: projects_json(ctx, rows),
        fields=PROJECT_FIELDS,
        id_col=Project.id,
        default_per_page=20000,
    )


@router.post("/projects.info", response_model=ProjectInfo)
def projects_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return projects_json(ctx, [access.get_project(ctx, req.id)])[0]


def class_json(c: ObjClass) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "shape": c.shape,
        "color": c.color,
        "hotkey": c.hotkey,
        "description": c.description,
    }


def tag_meta_json(t: TagMeta) -> dict[str, Any]:
    out = {
        "id": t.id,
        "name": t.name,
        "value_type": t.value_type,
        "color": t.color,
        "applicable_type": t.applicable_type,
        "hotkey": t.hotkey,
    }
    if t.value_type == "oneof_string":  # the SDK refuses `values` on any other type
        out["values"] = list(t.values or [])
    return out


@router.post("/projects.meta", response_model=ProjectMeta)
def projects_meta(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.id)
    classes = ctx.session.scalars(select(ObjClass).where(ObjClass.project_id == project.id).order_by(ObjClass.id))
    tags = ctx.session.scalars(select(TagMeta).where(TagMeta.project_id == project.id).order_by(TagMeta.id))
    return {
        "classes": [class_json(c) for c in classes],
        "tags": [tag_meta_json(t) for t in tags],
        "projectType": project.type,
    }

"""advanced.object_classes.list and tags.list: a project's classes and tag metas
as the SDK's name-to-id look-ups read them (ObjectClassApi.get_list,
TagApi.get_list), which api.pointcloud.annotation.append (and other SDK
uploads) call before sending objects and tags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.db.models import ObjClass, TagMeta
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["projects"], responses=ERROR_RESPONSES)

CLASS_FIELDS = {"id": ObjClass.id, "name": ObjClass.title}
TAG_FIELDS = {"id": TagMeta.id, "name": TagMeta.name}
PER_PAGE = 10_000


class ProjectListReq(ListReq):
    projectId: StrictInt


def class_info(c: ObjClass) -> dict[str, Any]:
    """ObjectClassInfo: id, name, description, shape, color, settings, createdAt, updatedAt."""
    return {
        "id": c.id,
        "name": c.title,
        "description": c.description,
        "shape": c.shape,
        "color": c.color,
        "hotkey": c.hotkey,
        "settings": {},
        "createdAt": None,  # classes keep no times here
        "updatedAt": None,
    }


def tag_info(t: TagMeta) -> dict[str, Any]:
    """TagInfo: id, projectId, name, settings, color, createdAt, updatedAt."""
    settings: dict[str, Any] = {"type": t.value_type, "applicableType": t.applicable_type}
    if t.value_type == "oneof_string":
        settings["values"] = list(t.values or [])
    return {
        "id": t.id,
        "projectId": t.project_id,
        "name": t.name,
        "settings": settings,
        "color": t.color,
        "hotkey": t.hotkey,
        "createdAt": None,
        "updatedAt": None,
    }


@router.post("/advanced.object_classes.list")
def object_classes_list(ctx: ReadCtx, req: ProjectListReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    stmt = apply_filters(select(ObjClass).where(ObjClass.project_id == project.id), req.filter, CLASS_FIELDS)
    return paginate(
        ctx.session,
        stmt,
        req,
        lambda rows: [class_info(c) for c in rows],
        fields=CLASS_FIELDS,
        id_col=ObjClass.id,
        default_per_page=PER_PAGE,
    )


@router.post("/tags.list")
def tags_list(ctx: ReadCtx, req: ProjectListReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    stmt = apply_filters(select(TagMeta).where(TagMeta.project_id == project.id), req.filter, TAG_FIELDS)
    return paginate(
        ctx.session,
        stmt,
        req,
        lambda rows: [tag_info(t) for t in rows],
        fields=TAG_FIELDS,
        id_col=TagMeta.id,
        default_per_page=PER_PAGE,
    )

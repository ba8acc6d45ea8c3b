"""projects.add (`api.project.create`), projects.meta.update and
projects.settings.update (`api.project.update_meta`); see projects/add.py and
projects/meta_update.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictInt, StrictStr

from desktop_app.server import access
from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import IdReq, Req
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.permissions import require_manage
from desktop_app.server.projects.add import add_project
from desktop_app.server.projects.meta_update import update_meta
from desktop_app.server.routes.answers import ProjectInfo, ProjectMeta, Success
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.projects import projects_json, projects_meta
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["projects"], responses=ERROR_RESPONSES)


class ProjectAddReq(Req):
    """What `api.project.create` sends; `settings` is accepted and not kept."""

    workspaceId: StrictInt
    name: StrictStr
    type: StrictStr = "images"
    description: StrictStr | None = ""
    readme: StrictStr | None = None
    customData: dict[str, Any] | None = None
    settings: dict[str, Any] | None = None


@router.post("/projects.add", response_model=ProjectInfo)
def projects_add(ctx: WriteCtx, req: ProjectAddReq) -> dict[str, Any]:
    project = add_project(ctx, req.workspaceId, req.name, req.type, req.description, req.readme, req.customData)
    return projects_json(ctx, [project])[0]


class MetaUpdateReq(Req):
    id: StrictInt
    meta: dict[str, Any]


@router.post("/projects.meta.update", response_model=ProjectMeta)
def projects_meta_update(ctx: WriteCtx, req: MetaUpdateReq) -> dict[str, Any]:
    """Answers the whole meta after the update, as projects.meta does (the SDK
    reads it back into its ProjectMeta)."""
    if not is_db_id(req.id):  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"project with id {req.id} not found")
    update_meta(ctx, access.get_project(ctx, req.id), req.meta)
    return projects_meta(ctx, IdReq(id=req.id))


class SettingsUpdateReq(Req):
    id: StrictInt
    settings: dict[str, Any]


@router.post("/projects.settings.update", response_model=Success)
def projects_settings_update(ctx: WriteCtx, req: SettingsUpdateReq) -> dict[str, Any]:
    """`api.project.update_meta` always sends the meta's project settings after
    the meta: `{"groupImages", "groupImagesByTagId", "groupImagesSync"}`. This
    server keeps no project settings: the defaults (no multi-view groups) are
    accepted, grouping images is refused rather than silently lost."""
    if not is_db_id(req.id):  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"project with id {req.id} not found")
    project = access.get_project(ctx, req.id)
    require_manage(ctx, project.team_id, f"changing the settings of project {project.id}")
    if req.settings.get("groupImages") not in (None, False):
        raise InvalidInput("multi-view image groups (settings.groupImages) are not supported by this server")
    return {"success": True}

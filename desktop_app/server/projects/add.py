"""projects.add, as `api.project.create` sends it.

The SDK picks a free name itself when asked to (`change_name_if_conflict`:
it lists the workspace's projects by name through projects.list and adds a
suffix), so a taken name that reaches the server is refused: 400 NONUNIQUE
with `errors` [{"id","name"}], as datasets.add does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.rules import clean_name, clean_text, is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Project
from desktop_app.server.errors import InvalidInput, NonUnique, NotFound
from desktop_app.server.permissions import require_manage

# The SDK's ProjectType values this server keeps items of.
SUPPORTED_TYPES = ("images", "videos", "point_clouds")
# The SDK's other ProjectType values: named in the refusal so that it reads as "not here", not "misspelt".
OTHER_SDK_TYPES = ("volumes", "point_cloud_episodes", "meshes", "audio")


def check_type(project_type: str) -> str:
    if project_type in SUPPORTED_TYPES:
        return project_type
    if project_type in OTHER_SDK_TYPES:
        raise InvalidInput(f"{project_type} projects are not supported by this server; use one of {SUPPORTED_TYPES}")
    raise InvalidInput(f"unknown project type {project_type!r}; use one of {SUPPORTED_TYPES}")


def add_project(
    ctx: Ctx,
    workspace_id: int,
    name: str,
    project_type: str,
    description: str | None,
    readme: str | None,
    custom_data: dict[str, Any] | None,
) -> Project:
    if not is_db_id(workspace_id):  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"workspace with id {workspace_id} not found")
    workspace = access.get_workspace(ctx, workspace_id)
    require_manage(ctx, workspace.team_id, f"creating projects in workspace {workspace.id}")
    name = clean_name(name, "the project")
    project = Project(
        workspace_id=workspace.id,
        team_id=workspace.team_id,
        name=name,
        type=check_type(project_type),
        description=clean_text(description, "description"),
        readme=clean_text(readme, "readme", limit=1_000_000),
        custom_data=custom_data or {},
        created_by=ctx.user.id,
    )
    clash = ctx.session.scalar(select(Project.id).where(Project.workspace_id == workspace.id, Project.name == name))
    if clash is not None:
        raise NonUnique(
            f"workspace {workspace.id} already has a project named {name!r}", errors=[{"id": clash, "name": name}]
        )
    ctx.session.add(project)
    ctx.session.flush()
    return project

"""Teams, workspaces and projects: what the project chooser lists, and the
data of a project being opened (the project, its datasets, classes and tags,
collections)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.api.client import ApiClient
from desktop_app.api.records import Collection, Dataset, Project, Team, Workspace


@dataclass(frozen=True)
class LoadedProject:
    project: Project
    datasets: list[Dataset]
    meta: ProjectMeta


class ProjectsService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def server_version(self) -> str:
        """What the server says it is (instance.version; Help ▸ About shows it)."""
        return await self._api.instance.version()

    async def teams(self) -> list[Team]:
        return await self._api.teams.list()

    async def workspaces(self, team_id: int) -> list[Workspace]:
        return await self._api.workspaces.list(team_id)

    async def team_of_workspace(self, workspace_id: int) -> int | None:
        return (await self._api.workspaces.info(workspace_id)).team_id

    async def projects(self, workspace_id: int) -> list[Project]:
        return await self._api.projects.list(workspace_id)

    async def project(self, project_id: int) -> Project:
        return await self._api.projects.info(project_id)

    async def first_project_id(self) -> int | None:
        """The first project of the first team that has one (a new user's start), an image
        project before the others (the demo's images, not its videos or point clouds)."""
        for team in await self._api.teams.list():
            projects = await self._api.projects.list(team_id=team.id)
            if projects:
                return min(projects, key=lambda p: (p.type != "images", projects.index(p))).id
        return None

    async def load(self, project_id: int) -> LoadedProject:
        """A project with its datasets (nested ones too) and its classes and tags."""
        project, datasets, meta = await asyncio.gather(
            self._api.projects.info(project_id),
            self._api.datasets.list(project_id, recursive=True),
            self._api.projects.meta(project_id),
        )
        return LoadedProject(project, datasets, meta)

    async def collections(self, project_id: int) -> list[Collection]:
        return await self._api.collections.list(project_id)

"""Who and where: users, teams, workspaces, projects, datasets, the server version.

Bodies are the ones the official SDK sends (see docs/wire-contract.md, section 6).
`info(id)` raises `NotFound` for an unknown or invisible id (the SDK returns None)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .annotation_records import ProjectMeta
from .base import Area, Json
from .pagination import TotalCallback, list_all
from .query import cond, with_sort
from .records import Dataset, Project, Team, User, Workspace


class InstanceApi(Area):
    async def version(self) -> str:
        return str((await self._read("instance.version", {})).get("version", "unknown"))


class UsersApi(Area):
    async def me(self) -> User:
        return User.from_json(await self._read("users.me", {}))

    async def list(self, filter: Sequence[Json] = (), *, on_total: TotalCallback | None = None) -> list[User]:
        body = with_sort({"filter": list(filter)})
        return await list_all(self._client, "users.list", body, on_total=on_total, convert=User.from_json)

    async def info(self, user_id: int) -> User:
        return User.from_json(await self._read("users.info", {"id": user_id}))


class TeamsApi(Area):
    async def list(self, filter: Sequence[Json] = (), *, on_total: TotalCallback | None = None) -> list[Team]:
        body = with_sort({"filter": list(filter)})
        return await list_all(self._client, "teams.list", body, on_total=on_total, convert=Team.from_json)

    async def info(self, team_id: int) -> Team:
        return Team.from_json(await self._read("teams.info", {"id": team_id}))


class WorkspacesApi(Area):
    async def list(
        self, team_id: int, filter: Sequence[Json] = (), *, on_total: TotalCallback | None = None
    ) -> list[Workspace]:
        body = with_sort({"teamId": team_id, "filter": list(filter)})
        return await list_all(self._client, "workspaces.list", body, on_total=on_total, convert=Workspace.from_json)

    async def info(self, workspace_id: int) -> Workspace:
        return Workspace.from_json(await self._read("workspaces.info", {"id": workspace_id}))


class ProjectsApi(Area):
    async def list(
        self,
        workspace_id: int | None = None,
        *,
        team_id: int | None = None,
        filter: Sequence[Json] = (),
        on_total: TotalCallback | None = None,
    ) -> list[Project]:
        """Projects of a workspace, or of a whole team (`groupId` on the wire)."""
        if workspace_id is not None and team_id is not None:
            raise ValueError("give workspace_id or team_id, not both")
        body: Json = {"filter": list(filter), "fields": []}
        if workspace_id is not None:
            body["workspaceId"] = workspace_id
        if team_id is not None:
            body["groupId"] = team_id
        return await list_all(
            self._client, "projects.list", with_sort(body), on_total=on_total, convert=Project.from_json
        )

    async def info(self, project_id: int) -> Project:
        return Project.from_json(await self._read("projects.info", {"id": project_id}))

    async def meta(self, project_id: int) -> ProjectMeta:
        return ProjectMeta.from_json(await self.meta_json(project_id))

    async def meta_json(self, project_id: int) -> Any:
        """The raw meta, for code that needs keys the record does not keep."""
        return await self._read("projects.meta", {"id": project_id})

    async def update_meta(self, project_id: int, meta: Json) -> ProjectMeta:
        """projects.meta.update with the whole meta (as the SDK's `update_meta`); answers the meta now."""
        return ProjectMeta.from_json(await self._write("projects.meta.update", {"id": project_id, "meta": meta}))


class DatasetsApi(Area):
    async def list(
        self,
        project_id: int,
        *,
        filter: Sequence[Json] = (),
        recursive: bool = False,
        parent_id: int | None = None,
        on_total: TotalCallback | None = None,
    ) -> list[Dataset]:
        """Top-level datasets; `recursive` for all levels; `parent_id` for one parent's children."""
        conditions = list(filter)
        if parent_id is not None:  # as the SDK: a parentId condition, and recursive
            conditions.append(cond("parentId", "=", parent_id))
            recursive = True
        body = with_sort({"projectId": project_id, "filter": conditions, "recursive": recursive})
        return await list_all(self._client, "datasets.list", body, on_total=on_total, convert=Dataset.from_json)

    async def info(self, dataset_id: int) -> Dataset:
        return Dataset.from_json(await self._read("datasets.info", {"id": dataset_id}))

    async def create(
        self, project_id: int, name: str, description: str = "", *, parent_id: int | None = None
    ) -> Dataset:
        """As the SDK's `api.dataset.create`; a name taken at that level raises `Conflict`."""
        body: Json = {"projectId": project_id, "name": name, "description": description, "parentId": parent_id}
        return Dataset.from_json(await self._write("datasets.add", body))

"""`ApiClient`: the one object the rest of the app uses to talk to a server.

It owns one connection (`SlyClient`: one shared httpx.AsyncClient, retries,
errors) and groups the v3 methods by area, always as attributes:

    api.instance     instance.version
    api.users        users.me / list / info
    api.teams        teams.list / info
    api.workspaces   workspaces.list / info
    api.projects     projects.list / info / meta
    api.datasets     datasets.list / info
    api.images       images.list (all, by page, by token) / info / download, previews
    api.videos       the same for videos, and their annotations (videos.annotations.*)
    api.point_clouds the same listing for point clouds (point-clouds.list / info / download),
                     and their annotations (point-clouds.annotations.bulk.info / save)
    api.annotations  annotations.info / bulk.info / list, upload (annotations.bulk.add)
    api.collections  entities-collections.add / list / info / editInfo / remove /
                     items.bulk.add / items.bulk.remove
    api.queues       labeling-queues.add / info / list / stats.entities / set-status
    api.evaluation   evaluation.settings.info / settings.update / objects.list / summary

Chunked bulk changes with progress and cancellation: bulk.ItemsBulk.

    async with ApiClient("http://127.0.0.1:8000", token) as api:
        me = await api.users.me()
"""

from __future__ import annotations

from typing import Any

import httpx

from .annotations import AnnotationsApi
from .collections import CollectionsApi
from .context import (
    DatasetsApi,
    InstanceApi,
    ProjectsApi,
    TeamsApi,
    UsersApi,
    WorkspacesApi,
)
from .evaluation import EvaluationApi
from .images import ImagesApi, ItemsApi
from .point_clouds import PointCloudsApi
from .queues import QueuesApi
from .smart_collections import SmartCollectionsApi
from .transport import DEFAULT_TIMEOUT, SlyClient
from .videos import VideosApi


class ApiClient:
    def __init__(
        self,
        server_address: str,
        token: str | None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        read_retry_budget: float = 10.0,
        max_concurrency: int = 8,
        retry_base_delay: float = 0.2,
        retry_max_delay: float = 4.0,
    ) -> None:
        self.connection = SlyClient(
            server_address,
            token,
            transport=transport,
            timeout=timeout,
            read_retry_budget=read_retry_budget,
            max_concurrency=max_concurrency,
            retry_base_delay=retry_base_delay,
            retry_max_delay=retry_max_delay,
        )
        c = self.connection
        self.instance = InstanceApi(c)
        self.users = UsersApi(c)
        self.teams = TeamsApi(c)
        self.workspaces = WorkspacesApi(c)
        self.projects = ProjectsApi(c)
        self.datasets = DatasetsApi(c)
        self.images = ImagesApi(c)
        self.videos = VideosApi(c)
        self.point_clouds = PointCloudsApi(c)
        self.annotations = AnnotationsApi(c)
        self.collections = CollectionsApi(c)
        self.smart_collections = SmartCollectionsApi(c)  # the bundled server's own
        self.queues = QueuesApi(c)
        self.evaluation = EvaluationApi(c)

    def items(self, project_type: str) -> ItemsApi:
        """The listing of a project's items by its type ("images", "videos", "point_clouds")."""
        return {"videos": self.videos, "point_clouds": self.point_clouds}.get(project_type, self.images)

    @property
    def server_address(self) -> str:
        return self.connection.server_address

    def __repr__(self) -> str:
        return f"ApiClient({self.server_address!r})"

    async def aclose(self) -> None:
        await self.connection.aclose()

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

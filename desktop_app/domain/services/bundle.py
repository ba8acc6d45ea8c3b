"""The services of one connection, built together over one api client."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.api.client import ApiClient
from desktop_app.domain.outbox import Outbox
from desktop_app.domain.services.images import ImagesService
from desktop_app.domain.services.point_clouds import PointCloudsService
from desktop_app.domain.services.projects import ProjectsService
from desktop_app.domain.services.queues import QueuesService
from desktop_app.domain.services.users import UsersService


@dataclass(frozen=True)
class Services:
    projects: ProjectsService
    queues: QueuesService
    images: ImagesService
    users: UsersService
    point_clouds: PointCloudsService

    @classmethod
    def over(cls, api: ApiClient, outbox: Outbox | None = None, *, cache_dir: Path | None = None) -> Services:
        """`cache_dir`: where downloaded files (point clouds) are kept (the system's temporary folder if None)."""
        cache_dir = cache_dir or Path(tempfile.gettempdir()) / "collections-desk-cache"
        return cls(
            ProjectsService(api),
            QueuesService(api, outbox),
            ImagesService(api),
            UsersService(api),
            PointCloudsService(api, cache_dir),
        )

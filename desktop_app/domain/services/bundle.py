"""The services of one connection, built together over one api client."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.api.client import ApiClient
from desktop_app.domain.outbox import Outbox
from desktop_app.domain.services.combine import CombineService
from desktop_app.domain.services.deletion import DeletionService
from desktop_app.domain.services.evaluation import EvaluationService
from desktop_app.domain.services.export import ExportService
from desktop_app.domain.services.images import ImagesService
from desktop_app.domain.services.items import ItemsService
from desktop_app.domain.services.point_clouds import PointCloudsService
from desktop_app.domain.services.projects import ProjectsService
from desktop_app.domain.services.queues import QueuesService
from desktop_app.domain.services.users import UsersService
from desktop_app.domain.services.videos import VideosService
from desktop_app.domain.smart_collections import SmartCollections


@dataclass(frozen=True)
class Services:
    projects: ProjectsService
    queues: QueuesService
    images: ImagesService
    users: UsersService
    items: ItemsService  # what differs by project type
    videos: VideosService
    deletion: DeletionService
    point_clouds: PointCloudsService
    export: ExportService
    evaluation: EvaluationService
    combine: CombineService  # set operations between collections
    smart_collections: SmartCollections

    @classmethod
    def over(cls, api: ApiClient, outbox: Outbox | None = None) -> Services:
        return cls(
            ProjectsService(api),
            QueuesService(api, outbox),
            ImagesService(api),
            UsersService(api),
            ItemsService(api),
            VideosService(api),
            DeletionService(api),
            PointCloudsService(api),
            ExportService(api),
            EvaluationService(api),
            CombineService(api),
            SmartCollections(api),
        )

"""Small services through which the window makes every network call (widgets never hold the api client)."""

from desktop_app.domain.services.bundle import Services
from desktop_app.domain.services.images import ImagesService
from desktop_app.domain.services.items import ItemsService
from desktop_app.domain.services.projects import LoadedProject, ProjectsService
from desktop_app.domain.services.queues import QueuesService
from desktop_app.domain.services.users import UsersService
from desktop_app.domain.services.videos import VideosService

__all__ = [
    "ImagesService",
    "ItemsService",
    "LoadedProject",
    "ProjectsService",
    "QueuesService",
    "Services",
    "UsersService",
    "VideosService",
]

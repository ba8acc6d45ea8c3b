"""Small services through which the window makes every network call (widgets never hold the api client)."""

from desktop_app.domain.services.bundle import Services
from desktop_app.domain.services.deletion import DeletionPlan, DeletionService, ItemDeletion
from desktop_app.domain.services.images import ImagesService
from desktop_app.domain.services.projects import LoadedProject, ProjectsService
from desktop_app.domain.services.queues import QueuesService
from desktop_app.domain.services.users import UsersService

__all__ = [
    "DeletionPlan",
    "DeletionService",
    "ImagesService",
    "ItemDeletion",
    "LoadedProject",
    "ProjectsService",
    "QueuesService",
    "Services",
    "UsersService",
]

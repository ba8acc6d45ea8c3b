"""Finding videos and video projects the caller may see.

Images, videos and point clouds share one id space (the images table), so
an id that names an image or a point cloud is "not a video": 404, as for an
id that does not exist, and the SDK's get_info_by_id returns None."""

from __future__ import annotations

from desktop_app.server import access
from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Image, Project
from desktop_app.server.errors import InvalidInput, NotFound

VIDEOS = "videos"  # projects.type of a video project (the SDK's ProjectType.VIDEOS)


def get_video(ctx: Ctx, id_: int) -> Image:
    if not is_db_id(id_):
        raise NotFound(f"video with id {id_} not found")
    try:
        item = access.get_image(ctx, id_)
    except NotFound:
        raise NotFound(f"video with id {id_} not found") from None
    if ctx.session.get_one(Project, item.project_id).type != VIDEOS:
        raise NotFound(f"video with id {id_} not found")
    return item


def require_video_project(project: Project) -> Project:
    """400 for a project of another type: its items are not videos."""
    if project.type != VIDEOS:
        raise InvalidInput(
            f"project {project.id} is a project of {project.type}, not of videos; "
            "list its items with the method of its type"
        )
    return project

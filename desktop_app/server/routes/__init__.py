"""One APIRouter per resource of the v3 protocol, plus storage and preview GET routes."""
# (no "from __future__ import annotations" here: it would shadow the annotations module)

from fastapi import APIRouter


def v3_routers() -> list[APIRouter]:
    """Every router of `POST /public/api/v3/<method>`, in the order /docs lists them."""
    from desktop_app.server.routes import (
        annotations,
        collections,
        datasets,
        image_uploads,
        images,
        instance,
        projects,
        queue_work,
        queues,
        teams,
        users,
        videos,
        workspaces,
    )
    from desktop_app.server.routes import annotation_objects, class_and_tag_lists, point_clouds

    resources = (
        instance,
        users,
        teams,
        workspaces,
        projects,
        datasets,
        images,
        image_uploads,
        annotations,
        collections,
        queues,
        queue_work,
        videos,
    )
    resources += (class_and_tag_lists, point_clouds, annotation_objects)
    return [resource.router for resource in resources] + [point_clouds.upload_router]

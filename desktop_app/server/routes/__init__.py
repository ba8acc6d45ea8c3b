"""One APIRouter per resource of the v3 protocol, plus storage and preview GET routes."""
# (no "from __future__ import annotations" here: it would shadow the annotations module)

from fastapi import APIRouter


def v3_routers() -> list[APIRouter]:
    """Every router of `POST /public/api/v3/<method>`, in the order /docs lists them."""
    from desktop_app.server.routes import (
        annotation_objects,
        annotations,
        class_and_tag_lists,
        collection_combine,
        collections,
        datasets,
        evaluation,
        image_add,
        image_edit,
        image_uploads,
        images,
        instance,
        point_clouds,
        project_edit,
        projects,
        queue_work,
        queues,
        smart_collections,
        teams,
        users,
        video_annotations,
        video_uploads,
        videos,
        workspaces,
    )

    resources = (
        instance,
        users,
        teams,
        workspaces,
        projects,
        project_edit,
        datasets,
        images,
        image_uploads,
        image_add,
        image_edit,
        annotations,
        collections,
        collection_combine,
        smart_collections,
        queues,
        queue_work,
        videos,
        video_uploads,
        video_annotations,
        class_and_tag_lists,
        point_clouds,
        annotation_objects,
        evaluation,
    )
    return [resource.router for resource in resources]

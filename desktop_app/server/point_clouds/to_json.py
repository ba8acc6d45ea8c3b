"""PointcloudInfo JSON for a batch of point-cloud rows, with every key the SDK
reads (PointcloudApi.info_sequence: fileMeta.mime, figuresCount,
annotationObjectsCount, ...) plus what the desktop app shows (fullStorageUrl,
labelsCount, pointsCount, size, width/height of the preview).

Works on table rows as well as ORM objects, like images/to_json.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import AnnotationObject, Figure, Project
from desktop_app.server.images.paths import storage_path_for
from desktop_app.server.images.to_json import chunks, tags_by_image
from desktop_app.server.point_clouds.pcd import MIME
from desktop_app.server.signed_urls.urls import StorageUrls
from desktop_app.server.timeutil import iso


def _counts(session: Session, column, image_col, ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for part in chunks(list(ids)):
        out.update(
            session.execute(select(image_col, func.count(column)).where(image_col.in_(part)).group_by(image_col)).all()
        )
    return out


def point_cloud_json(
    pc: Any, project: Any, tags: list[dict[str, Any]], figures: int, objects: int, urls: StorageUrls
) -> dict[str, Any]:
    path = urls.path(storage_path_for(pc))
    return {
        "id": pc.id,
        "frame": None,  # only point clouds of episodes have a frame
        "description": pc.description,
        "name": pc.name,
        "teamId": project.team_id,
        "workspaceId": project.workspace_id,
        "projectId": pc.project_id,
        "datasetId": pc.dataset_id,
        "link": None,
        "hash": pc.hash,
        "pathOriginal": path,
        "fullStorageUrl": urls.full(path),
        "mime": MIME,
        "fileMeta": {"mime": MIME, "size": pc.size, "pointsCount": pc.points_count},
        "size": pc.size,
        "pointsCount": pc.points_count,
        # the size of the bird's-eye view the preview URL shows
        "width": pc.width,
        "height": pc.height,
        "figuresCount": figures,
        "annotationObjectsCount": objects,
        "labelsCount": pc.labels_count,
        "tags": tags,
        "meta": pc.meta or {},
        "createdAt": iso(pc.created_at),
        "updatedAt": iso(pc.updated_at),
        "createdBy": pc.created_by,
    }


def point_clouds_json(session: Session, rows: Sequence[Any], urls: StorageUrls) -> list[dict[str, Any]]:
    ids = [r.id for r in rows]
    projects = {p.id: p for p in session.scalars(select(Project).where(Project.id.in_({r.project_id for r in rows})))}
    tags = tags_by_image(session, ids)
    figures = _counts(session, Figure.id, Figure.image_id, ids)
    objects = _counts(session, AnnotationObject.id, AnnotationObject.image_id, ids)
    return [
        point_cloud_json(
            r, projects[r.project_id], tags.get(r.id, []), figures.get(r.id, 0), objects.get(r.id, 0), urls
        )
        for r in rows
    ]

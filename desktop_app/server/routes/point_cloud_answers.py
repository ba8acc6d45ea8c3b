"""Answer shapes of the point-cloud and annotation-object methods, for the
OpenAPI description (see answers.py: handlers send their JSON as it is)."""

from __future__ import annotations

from typing import Any

from desktop_app.server.routes.answers import Answer


class PointCloudInfo(Answer):
    id: int
    name: str
    datasetId: int
    projectId: int
    hash: str
    pathOriginal: str
    fullStorageUrl: str
    fileMeta: dict[str, Any]
    figuresCount: int
    annotationObjectsCount: int
    labelsCount: int
    pointsCount: int | None
    size: int


class PointCloudAnnotation(Answer):
    pointCloudId: int
    key: str
    tags: list[dict[str, Any]]
    objects: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    version: int


class SavedPointCloudAnnotation(Answer):
    pointCloudId: int
    version: int
    updatedAt: str


class NewId(Answer):
    """One created tag, object or figure, in request order."""

    id: int


class ObjectClassInfo(Answer):
    id: int
    name: str
    shape: str
    color: str


class TagInfo(Answer):
    id: int
    projectId: int
    name: str
    settings: dict[str, Any]

"""What the triage mode, the objects view and the precision/recall plot ask the
server: an item's annotation, the "triage" tag's meta, and the evaluation
methods (docs/evaluation-api.md) through `api.evaluation`."""

from __future__ import annotations

from typing import Any

from desktop_app.api.annotation_records import Annotation, ProjectMeta
from desktop_app.api.client import ApiClient
from desktop_app.api.evaluation import EvaluatedObject, EvaluationSummary
from desktop_app.api.pagination import Page
from desktop_app.domain.triage_tag import tag_meta_added


class EvaluationService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def annotation(self, image_id: int) -> Annotation:
        return await self._api.annotations.info(image_id)

    async def ensure_image_tag(self, project_id: int, name: str) -> ProjectMeta | None:
        """Add a free-text tag `name` to the project's meta unless it is there: the meta now
        when it was added, None when it was there already."""
        meta = await self._api.projects.meta_json(project_id)
        wanted = tag_meta_added(meta, name)
        if wanted is None:
            return None
        return await self._api.projects.update_meta(project_id, wanted)

    async def iou_threshold(self, project_id: int) -> float:
        return (await self._api.evaluation.settings(project_id)).iou_threshold

    async def objects(self, project_id: int, kind: str, **options: Any) -> Page[EvaluatedObject]:
        """One page of evaluation.objects.list (options: class_id, collection_id, sort, page, per_page…)."""
        return await self._api.evaluation.objects(project_id, kind, **options)

    async def summary(self, project_id: int, *, collection_id: int | None = None) -> EvaluationSummary:
        return await self._api.evaluation.summary(project_id, collection_id=collection_id)

"""Evaluation (docs/evaluation-api.md): a project's IoU threshold (read it,
change it: the server recomputes every item, a big project in the background,
which is polled until it is done), and what the
triage mode, the objects view and the precision/recall plot ask: an item's
annotation, the "triage" tag's meta, the matched and unmatched objects, the
per-class confidence bins."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from desktop_app.api.annotation_records import Annotation, ProjectMeta
from desktop_app.api.client import ApiClient
from desktop_app.api.evaluation import EvaluatedObject, EvaluationSettings, EvaluationSummary
from desktop_app.api.pagination import Page
from desktop_app.domain.triage_tag import tag_meta_added

MIN_THRESHOLD = 0.05  # the dialog's range: an IoU below 0.05 matches almost anything
MAX_THRESHOLD = 1.0
POLL = 0.5  # seconds between two looks at a background recompute


class EvaluationService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def settings(self, project_id: int) -> EvaluationSettings:
        return await self._api.evaluation.settings(project_id)

    async def set_threshold(
        self, project_id: int, iou_threshold: float, progress: Callable[[int, int], None] | None = None
    ) -> EvaluationSettings:
        """Set the threshold and wait until the project is recomputed: a big project's recompute
        runs on the server in the background, polled every POLL seconds (`progress(done, total)`)."""
        if not MIN_THRESHOLD <= iou_threshold <= MAX_THRESHOLD:
            raise ValueError(f"the IoU threshold must be from {MIN_THRESHOLD} to {MAX_THRESHOLD}")
        settings = await self._api.evaluation.update_settings(project_id, round(iou_threshold, 4))
        while settings.recompute.running:
            if progress is not None:
                progress(settings.recompute.done, settings.recompute.total)
            await asyncio.sleep(POLL)
            settings = await self._api.evaluation.settings(project_id)
        if settings.recompute.error:
            raise RuntimeError(f"the server stopped recomputing the counts: {settings.recompute.error}")
        return settings

    async def iou_threshold(self, project_id: int) -> float:
        return (await self.settings(project_id)).iou_threshold

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

    async def objects(self, project_id: int, kind: str, **options: Any) -> Page[EvaluatedObject]:
        """One page of evaluation.objects.list (options: class_id, collection_id, sort, page, per_page…)."""
        return await self._api.evaluation.objects(project_id, kind, **options)

    async def summary(self, project_id: int, *, collection_id: int | None = None) -> EvaluationSummary:
        return await self._api.evaluation.summary(project_id, collection_id=collection_id)

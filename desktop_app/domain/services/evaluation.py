"""A project's evaluation threshold (docs/evaluation-api.md): read it, change
it (the server recomputes every item before it answers)."""

from __future__ import annotations

from desktop_app.api.client import ApiClient
from desktop_app.api.evaluation import EvaluationSettings

MIN_THRESHOLD = 0.05  # the dialog's range: an IoU below 0.05 matches almost anything
MAX_THRESHOLD = 1.0


class EvaluationService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def settings(self, project_id: int) -> EvaluationSettings:
        return await self._api.evaluation.settings(project_id)

    async def set_threshold(self, project_id: int, iou_threshold: float) -> EvaluationSettings:
        if not MIN_THRESHOLD <= iou_threshold <= MAX_THRESHOLD:
            raise ValueError(f"the IoU threshold must be from {MIN_THRESHOLD} to {MAX_THRESHOLD}")
        return await self._api.evaluation.update_settings(project_id, round(iou_threshold, 4))

"""What the triage mode, the objects view and the precision/recall plot ask the
server: an item's annotation, the "triage" tag's meta, and the evaluation
methods (docs/evaluation-api.md) through `api.evaluation`."""

from __future__ import annotations

from typing import Any

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.client import ApiClient
from desktop_app.domain.triage_tag import tag_meta_added


class EvaluationService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def annotation(self, image_id: int) -> Annotation:
        return await self._api.annotations.info(image_id)

    async def ensure_image_tag(self, project_id: int, name: str) -> bool:
        """Add a free-text tag `name` to the project's meta unless it is there; True when added."""
        meta = await self._api.projects.meta_json(project_id)
        wanted = tag_meta_added(meta, name)
        if wanted is None:
            return False
        await self._api.projects.update_meta(project_id, wanted)
        return True

    @property
    def _evaluation(self) -> Any:
        return self._api.evaluation  # type: ignore[attr-defined]  # H3's client area (api/evaluation.py)

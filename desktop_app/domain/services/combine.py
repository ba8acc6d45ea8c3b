"""Set operations between collections for the widgets, which never hold the
api client themselves (domain/collection_combine.py does the work)."""

from __future__ import annotations

from desktop_app.api.client import ApiClient
from desktop_app.domain.collection_combine import CollectionCombiner
from desktop_app.domain.collections import CollectionsService


class CombineService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    def combiner(self, service: CollectionsService, project_type: str) -> CollectionCombiner:
        """Combines the collections of `service`'s project (items of `project_type`)."""
        return CollectionCombiner(self._api, service, project_type)

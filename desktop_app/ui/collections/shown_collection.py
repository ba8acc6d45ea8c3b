"""Actions on the collection the views show (a smart collection's Freeze,
Reconcile…, Edit filter…): each runs on it when one is shown and does
nothing otherwise; the smart-collection service needs an open project."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.api.records import Collection
from desktop_app.domain.smart_collections import SmartCollections
from desktop_app.qt.app_state import AppState
from desktop_app.ui.common.action_set import ActionSet


class ShownCollectionActions(ActionSet):
    state: AppState

    def current(self) -> Collection | None:
        return self.state.shown_collection()

    def _with_current(self, slot: Callable[[Collection], object]) -> None:
        current = self.current()
        if current is not None:
            slot(current)

    def _smart(self) -> SmartCollections | None:
        return self.state.services.smart_collections if self.state.service is not None else None

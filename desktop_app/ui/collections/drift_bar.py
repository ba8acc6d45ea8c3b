"""Under the collections tree: how far the collection shown has drifted from
the filter it was made from ("“Dogs to check” now matches +37 / −12") with a
Reconcile… button, or that a smart collection follows its filter.

The drift is asked when the collection is opened and again whenever the
collection list is read (F5, after every collection edit); a failed read hides
the bar (it is a hint, the error shows elsewhere)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget
from superqt import QElidingLabel

from desktop_app.api.errors import ApiError
from desktop_app.api.records import Collection
from desktop_app.qt.app_state import AppState
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import quoted
from desktop_app.ui.collections.reconcile_dialog import drift_text


class DriftBar(QWidget):
    def __init__(self, state: AppState, reconcile: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._tasks = TaskScope(self)
        self.label = QElidingLabel(self)  # a long text must not widen the sidebar
        # its own short text (the action's is long for a narrow sidebar); the action decides
        self.button = QToolButton(self)
        self.button.setText("Reconcile…")
        self.button.setToolTip(reconcile.toolTip())
        self.button.setAutoRaise(True)
        self.button.clicked.connect(reconcile.trigger)
        reconcile.enabledChanged.connect(self.button.setEnabled)
        self.button.setEnabled(reconcile.isEnabled())
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 2, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        state.signals.scopeChanged.connect(self.refresh)
        state.collectionsChanged.connect(self.refresh)
        self.hide()
        self.refresh()

    def _shown(self) -> Collection | None:
        return self.state.shown_collection()

    def refresh(self, *_: object) -> None:
        collection = self._shown()
        if collection is not None and collection.is_smart:
            self._show(
                "Smart: its members follow its filter", f"{quoted(collection.name)} is a smart collection", False
            )
        elif collection is not None and collection.remembers_filter and self.state.service is not None:
            self._tasks.start(self._ask(collection), key="drift")
            return
        else:
            self.hide()

    async def _ask(self, collection: Collection) -> None:
        try:
            drift = await self.state.services.smart_collections.drift(collection.id)
        except ApiError:
            self.hide()
            return
        shown = self._shown()
        if shown is None or shown.id != collection.id:
            return  # another collection was opened meanwhile
        name = quoted(collection.name)
        if drift.none:
            self._show("Matches its filter", f"{name} holds exactly what its filter matches", False)
        else:
            text = drift_text(drift)
            self._show(text[:1].upper() + text[1:], f"The filter {name} was made from {text}", True)

    def _show(self, text: str, tip: str, button: bool) -> None:
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.button.setVisible(button)
        self.show()

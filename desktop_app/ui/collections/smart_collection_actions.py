"""Smart collections in the window (docs/smart-collections-api.md):

- "Save filter as smart collection…" (Ctrl+Shift+S; Collections menu and the
  filter panel's Presets menu): asks a name, saves the current filter as a
  collection whose members the server resolves when it is read.
- "Freeze smart collection" (a smart collection's context menu): it becomes a
  static collection of its current members that remembers its filter; Undo
  makes it smart again.
- "Reconcile with its filter…" (a static collection made from a filter, also
  the drift bar's button): previews the drift with thumbnails, then makes the
  members the filter's matches; Undo moves the same items back.

Each is one undo step through the UndoRunner. They go straight to the server
(domain/smart_collections.py says why); offline they are refused in words."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.api.records import Collection
from desktop_app.api.smart_collections import Drift
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.smart_collections import Sample
from desktop_app.qt.app_state import AppState, Progress
from desktop_app.qt.undo import UndoRunner, items_text, quoted
from desktop_app.ui.collections.collection_dialogs import CollectionNameDialog
from desktop_app.ui.collections.reconcile_dialog import THUMB, ReconcileDialog
from desktop_app.ui.collections.shown_collection import ShownCollectionActions

CATEGORY = "Collections"
SAVE_TEXT = "Save filter as smart collection…"


class SmartCollectionActions(ShownCollectionActions):
    def __init__(self, state: AppState, parent_widget: QWidget) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        self.runner = UndoRunner.of(state)
        self.save_action = self._action(
            SAVE_TEXT,
            self.save_filter,
            shortcuts="Ctrl+Shift+S",
            icon="collection-smart",
            tip="Save the current filter as a collection whose members follow it (on the server)",
        )
        self.freeze_action = self._action(
            "Freeze smart collection",
            lambda: self._with_current(self.freeze),
            tip="Keep the smart collection's current members as a static collection (Undo makes it smart again)",
        )
        self.reconcile_action = self._action(
            "Reconcile with its filter…",
            lambda: self._with_current(self.reconcile),
            tip="Make this collection hold exactly what the filter it was made from matches now",
        )
        state.signals.scopeChanged.connect(self._update)
        state.collectionsChanged.connect(self._update)
        self._update()

    def actions(self) -> list[QAction]:
        return [self.save_action, self.freeze_action, self.reconcile_action]

    def _update(self, *_: object) -> None:
        current = self.current()
        self.save_action.setEnabled(self.state.project is not None)
        self.freeze_action.setEnabled(current is not None and current.is_smart)
        self.reconcile_action.setEnabled(current is not None and current.remembers_filter)

    # -- save -------------------------------------------------------------------
    def save_filter(self) -> None:
        if self._smart() is None:
            return
        dialog = CollectionNameDialog(
            self.state.collections,
            title="Save filter as smart collection",
            ok_text="Save",
            intro="A smart collection holds the items matching the current filter, now and later: "
            "new items that match join it by themselves (also for the SDK and labeling queues).",
            parent=self._parent,
        )
        dialog.submitted.connect(self._save)
        self._open(dialog)

    def _save(self, name: str, description: str) -> None:
        smart, items = self._smart(), self.state.service
        if smart is None or items is None:
            return
        spec = self.state.session.filter
        self.runner.execute(
            lambda _: smart.create(items, name, spec, description), label="Saving smart collection", on_done=self._saved
        )

    def _saved(self, command) -> None:
        if command is None or command.ref.id is None:
            return
        self.state.session.set_scope(Scope.collection(command.ref.id))
        self.state.messageRaised.emit(f"Saved the filter as smart collection {quoted(command.name)}.")

    # -- freeze -----------------------------------------------------------------
    def freeze(self, collection: Collection) -> None:
        smart = self._smart()
        if smart is None:
            return

        def done(command) -> None:
            if command is not None:
                self.state.messageRaised.emit(
                    f"{quoted(collection.name)} is now a static collection of {items_text(command.count)}; "
                    "Reconcile… brings it back in line with its filter."
                )

        self.runner.execute(lambda _: smart.freeze(collection), label="Freezing collection", on_done=done)

    # -- reconcile --------------------------------------------------------------
    def reconcile(self, collection: Collection) -> None:
        smart = self._smart()
        project = self.state.project
        if smart is None or project is None:
            return

        async def preview(progress: Progress):
            drift = await smart.drift(collection.id)
            if drift.none:
                return drift, [], []
            added = await smart.samples(project.id, project.type, drift.sample_added, THUMB)
            removed = await smart.samples(project.id, project.type, drift.sample_removed, THUMB)
            return drift, added, removed

        self.state.run(preview, "Comparing with its filter", on_done=lambda found: self._preview(collection, found))

    def _preview(self, collection: Collection, found: tuple[Drift, list[Sample], list[Sample]] | None) -> None:
        if found is None:
            return
        drift, added, removed = found
        if drift.none:
            self.state.messageRaised.emit(f"{quoted(collection.name)} already holds exactly what its filter matches.")
            return
        dialog = ReconcileDialog(collection, drift, added, removed, self._parent)
        dialog.accepted.connect(lambda: self._reconcile(collection, drift))
        self._open(dialog)

    def _reconcile(self, collection: Collection, drift: Drift) -> None:
        smart, items = self._smart(), self.state.service
        if smart is None or items is None:
            return

        def done(command) -> None:
            if command is not None:
                self.state.messageRaised.emit(
                    f"Reconciled {quoted(collection.name)}: added {items_text(len(command.done.added_ids))}, "
                    f"removed {items_text(len(command.done.removed_ids))}."
                )

        self.runner.execute(lambda _: smart.reconcile(items, collection, drift), label="Reconciling", on_done=done)

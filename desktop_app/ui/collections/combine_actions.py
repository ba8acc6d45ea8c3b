"""Collections ▸ Combine collections… (Ctrl+Shift+U; also on the sidebar's
right-click menu): the CombineDialog over the collections selected in the
sidebar, then the combine as one undoable step (Edit ▸ Undo deletes the new
collection, or removes from an existing one exactly the items it added)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.collection_combine import CollectionCombiner, CombineSpec
from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import UndoRunner
from desktop_app.ui.collections.combine_dialog import CombineDialog
from desktop_app.ui.common.action_set import ActionSet

CATEGORY = "Collections"
SHORTCUT = "Ctrl+Shift+U"


class CombineActions(ActionSet):
    def __init__(self, state: AppState, selected_collections: Callable[[], list[int]], parent: QWidget) -> None:
        """`selected_collections()`: the ids selected in the sidebar, ticked when the dialog opens."""
        super().__init__(parent, CATEGORY)
        self.state = state
        self.runner = UndoRunner.of(state)
        self._selected = selected_collections
        self.combine_action = self._action(
            "Combine collections…",
            self.combine,
            shortcuts=SHORTCUT,
            tip="Union, intersection or difference of collections into a new or an existing collection",
        )

    def actions(self):
        return [self.combine_action]

    def combine(self) -> None:
        if self.state.service is None or self.state.project is None:
            return
        if len(self.state.collections) < 2:
            self.state.messageRaised.emit("Combining needs at least two collections in the project.")
            return
        combiner = self.state.services.combine.combiner(self.state.service, self.state.project.type)
        dialog = CombineDialog(self.state, combiner, self._selected(), self._parent)
        dialog.accepted.connect(lambda: self._write(combiner, dialog.spec))
        self._open(dialog)

    def _write(self, combiner: CollectionCombiner, spec: CombineSpec | None) -> None:
        if spec is None:
            return

        def show(command) -> None:
            ref = getattr(command, "ref", None)
            if ref is not None and ref.id is not None:
                self.state.session.set_scope(Scope.collection(ref.id))

        self.runner.execute(lambda _: combiner.write(spec), label="Combining collections", on_done=show)

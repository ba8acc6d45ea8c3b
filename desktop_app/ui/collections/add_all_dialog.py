"""“Add all matching to collection…”: the same picker and preview as “Add selection
to collection…”, for every item matching the filter, made hard to run by a slip
(issue 11: Ctrl+Shift+A with nothing selected offered "Add 280 items" as the
default button, to a collection that feeds two queues).

So here Cancel is the default button, Enter or a double-click in the list does not
add, the title says how many items, and the preview names the labeling queues the
chosen collection feeds (its items join them)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from desktop_app.domain.collections import ItemsPreview
from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import items_text, quoted
from desktop_app.ui.collections.add_to_collection_dialog import AddToCollectionDialog


class AddAllMatchingDialog(AddToCollectionDialog):
    def __init__(self, state: AppState, ids: Sequence[int], parent: QWidget | None = None, **options) -> None:
        super().__init__(state, ids, parent, **options)
        self.setWindowTitle("Add all matching to collection")
        self.title_label.setText(f"Add all {items_text(len(self.ids))} matching the filter to a collection")
        self.picker.activated.disconnect(self._accept_if_ready)  # only a click on the add button adds
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setDefault(True)
        cancel.setFocus()

    def feeding_queues(self, collection_id: int | None) -> list[str]:
        return sorted(
            q.name for q in self.state.queues if collection_id is not None and q.collection_id == collection_id
        )

    def _show_preview(self, preview: ItemsPreview | None, text: str = "") -> None:
        super()._show_preview(preview, text)
        if preview is None or self.picker.is_new:
            return
        queues = self.feeding_queues(self.collection_id)
        if queues:
            names = ", ".join(quoted(n) for n in queues)
            feeds = "a labeling queue" if len(queues) == 1 else f"{len(queues)} labeling queues"
            self.preview_label.setText(
                f"{self.preview_label.text()}\nThis collection feeds {feeds} ({names}): the new items join "
                f"{'it' if len(queues) == 1 else 'them'}."
            )

"""“Add to collection…”: choose an existing collection (searchable) or type the
name of a new one, see what the add would do — "N new, N already in, N
unavailable" — and only then add.

The preview is computed in the background before anything is written and
again whenever the choice changes (the latest choice wins). Opened with
`open()`; when the user confirms, QDialog's `accepted` fires and `choice`
says what to do (CollectionActions runs it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop_app.domain.collections import ItemsPreview
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import items_text
from desktop_app.ui.collections.collection_target_dialog import CollectionTargetDialog
from desktop_app.ui.collections.collection_target_picker import CollectionTargetPicker

NEW = 0  # preview.collection_id of a collection that does not exist yet


@dataclass(frozen=True)
class AddChoice:
    collection_id: int | None  # None: create `new_name`
    new_name: str | None
    preview: ItemsPreview


def new_collection_preview(ids: Iterable[int], valid: Set[int]) -> ItemsPreview:
    """A new collection holds nothing yet: every usable id is new."""
    unique = list(dict.fromkeys(ids))
    return ItemsPreview(
        "add", NEW, tuple(i for i in unique if i in valid), (), tuple(i for i in unique if i not in valid)
    )


class AddToCollectionDialog(CollectionTargetDialog):
    def __init__(
        self,
        state: AppState,
        ids: Sequence[int],
        parent: QWidget | None = None,
        *,
        candidates_valid: Set[int] | None = None,
        preferred_id: int | None = None,
        new: bool = False,
    ) -> None:
        """`candidates_valid`: the ids known to be items of this project (by default
        `ids` themselves: they come from this project's listing). `preferred_id`:
        the collection chosen at first (e.g. the target). `new`: start on a new name."""
        super().__init__(parent)
        self.state = state
        self.ids = list(ids)
        self.valid = frozenset(self.ids) if candidates_valid is None else frozenset(candidates_valid)
        self.preview: ItemsPreview | None = None  # of the current choice, None while computing
        self._tasks = TaskScope(self)
        self.setWindowTitle("Add to collection")
        self.setMinimumSize(440, 460)

        picker = CollectionTargetPicker(
            state,
            self,
            empty_text="This project has no collections yet.",
            searchable=True,
            preferred_id=preferred_id,
            start_new=new,
        )
        self._build(f"Add {items_text(len(self.ids))} to a collection", picker, "Add")

    # -- what the user chose ---------------------------------------------------
    @property
    def choice(self) -> AddChoice | None:
        if self.preview is None or self.picker.problem_text() is not None:
            return None
        if self.picker.is_new:
            return AddChoice(None, self.picker.new_name, self.preview)
        return AddChoice(self.collection_id, None, self.preview)

    # -- preview -----------------------------------------------------------------
    def _choice_changed(self) -> None:
        problem = self.picker.problem_text()
        self.preview = None
        self._tasks.cancel_all()
        if problem is not None:
            self._show_preview(None, problem if not self.picker.is_new else "")
            return
        if self.picker.is_new:
            self._show_preview(new_collection_preview(self.ids, self.valid))
            return
        collection_id = self.collection_id
        assert collection_id is not None  # no problem_text(), not new: an existing collection is chosen
        self._show_preview(None, "Checking which items are already in the collection…")
        self._tasks.start(self._compute(collection_id), key="preview")

    async def _compute(self, collection_id: int) -> None:
        service = self.state.service
        assert service is not None  # the dialog is opened only with a project open (and its service)
        try:
            preview = await service.preview_add(collection_id, self.ids, self.valid)
        except Exception as exc:  # shown in the dialog; the user can pick another or cancel
            self._show_preview(None, f"Could not check the collection: {plain_error(exc)}")
            return
        if collection_id == self.collection_id:  # None while a new name is chosen
            self._show_preview(preview)

    def _show_preview(self, preview: ItemsPreview | None, text: str = "") -> None:
        self.preview = preview
        if preview is None:
            self._show_not_ready(text)
            return
        new = len(preview.changes)
        line = f"Preview: {preview.summary()}"
        if new == 0:
            line += " — nothing to add."
        self.preview_label.setText(line)
        self.ok_button.setText(f"Add {items_text(new)}" if new else "Add")
        self.ok_button.setEnabled(new > 0)

    def _ready(self) -> bool:
        return self.choice is not None

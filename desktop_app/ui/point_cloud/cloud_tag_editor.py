"""Editing a point cloud's tags: the side panel's behaviour (its widgets are
in cloud_panel.py). Every change goes through `edit()` into the editor's own
QUndoStack (Ctrl+Z / Ctrl+Shift+Z); Save (Ctrl+S) sends the whole annotation
through the outbox (on disk first, so nothing is lost offline) with
`point-clouds.annotations.save`, expecting the version that was read. When
someone else saved meanwhile nothing is overwritten and the user chooses:
reload theirs, overwrite with mine, or keep editing (the image editor's
question). Objects and cuboids are shown, not edited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Literal

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.api.point_cloud_records import PointCloudAnnotation
from desktop_app.domain.annotation_draft import InvalidEdit
from desktop_app.domain.point_clouds.cloud_draft import CloudDraft
from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.draft_undo import DraftStep
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.point_cloud.cloud_panel import CloudPanel
from desktop_app.ui.viewer.save_prompts import ask_conflict

log = logging.getLogger(__name__)


class CloudTagEditor(CloudPanel):
    dirtyChanged = Signal(bool)
    itemSaved = Signal(int)  # point cloud id: saved, or queued to be sent
    messageRaised = Signal(str)  # short notices for the viewer's status line
    reloaded = Signal(object)  # PointCloudAnnotation: a conflict was resolved by taking the server's

    def __init__(self, state: AppState, parent: QWidget | None = None, *, saver=None) -> None:
        super().__init__(parent)
        self.setObjectName("cloudTagEditor")
        self.state = state
        self.saver = saver or state.cloud_saver
        self.scope = TaskScope(self)
        self.undo_stack = QUndoStack(self)
        self.draft: CloudDraft | None = None
        self.cloud_id: int | None = None
        self.dataset_id: int | None = None
        self.version: int | None = None
        self.conflict_box: QMessageBox | None = None
        self.item_name = ""
        self.last_status = ""
        self._saving = False
        self._was_dirty = False
        self.cloud_tags.addRequested.connect(
            lambda name, value: self.edit(f"Tag “{name}”", lambda: self._edited_draft().set_tag(name, value))
        )
        self.cloud_tags.removeRequested.connect(
            lambda name: self.edit(f"Remove tag “{name}”", lambda: self._edited_draft().remove_tag(name))
        )
        self._build_actions()
        self.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self._set_enabled(False)

    def _build_actions(self) -> None:
        action = partial(make_action, self, category="Annotation")
        self.act_undo = action(
            "Undo edit",
            self.undo_stack.undo,
            shortcuts=QKeySequence.StandardKey.Undo,
            tip="Undo the last tag edit",
            icon="undo",
        )
        self.act_redo = action(
            "Redo edit",
            self.undo_stack.redo,
            shortcuts=["Ctrl+Shift+Z", "Ctrl+Y"],
            tip="Redo the tag edit",
            icon="redo",
        )
        self.act_save = action(
            "Save annotation",
            self.start_save,
            shortcuts=QKeySequence.StandardKey.Save,
            tip="Save the point cloud's tags",
            icon="save",
        )
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.undo_button.setDefaultAction(self.act_undo)
        self.redo_button.setDefaultAction(self.act_redo)
        self.save_button.setDefaultAction(self.act_save)
        self.act_undo.setText("Undo")
        self.act_redo.setText("Redo")
        self.act_save.setText("Save")

    def editor_actions(self) -> list[QAction]:
        return [self.act_undo, self.act_redo, self.act_save]

    # -- the item ------------------------------------------------------------------
    def load(
        self,
        annotation: PointCloudAnnotation,
        cuboids: list[DrawnCuboid],
        *,
        cloud_id: int,
        dataset_id: int,
        name: str,
    ) -> None:
        """Edit this annotation's tags from a clean start."""
        meta = self.state.meta
        if meta is None:
            raise InvalidEdit("The project's classes and tags are not loaded yet.")
        draft = CloudDraft(annotation, meta)
        draft.listeners.append(self._draft_changed)
        self.draft = draft
        self.cloud_id, self.dataset_id, self.version = cloud_id, dataset_id, annotation.version
        self.item_name = name or f"point cloud {cloud_id}"
        self.undo_stack.clear()
        self.cloud_tags.set_metas(draft.tag_metas())
        self.show_objects(cuboids)
        self._set_enabled(True)
        self._was_dirty = False
        self.set_status("")
        self._draft_changed()

    def clear(self) -> None:
        """No item (loading the next one, or nothing left)."""
        self.draft = None
        self.cloud_id = self.dataset_id = self.version = None
        self.undo_stack.clear()
        self.show_objects([])
        self.cloud_tags.set_tags(())
        self._set_enabled(False)
        self._was_dirty = False
        self.dirtyChanged.emit(False)

    @property
    def dirty(self) -> bool:
        return self.draft is not None and self.draft.dirty

    @property
    def saving(self) -> bool:
        return self._saving

    def discard(self) -> None:
        if self.draft is not None:
            self.draft.discard()
            self.undo_stack.clear()

    # -- edits ---------------------------------------------------------------------
    def edit(self, text: str, change: Callable[[], object]) -> bool:
        """Apply a change to the draft as one undo step; False (and the reason shown) when refused."""
        if self.draft is None or self._saving:
            return False
        before = self.draft.snapshot()
        try:
            change()
        except InvalidEdit as exc:
            self.set_status(str(exc))
            self.messageRaised.emit(str(exc))
            return False
        after = self.draft.snapshot()
        if after != before:
            self.undo_stack.push(DraftStep(self.draft, text, before, after))
        return True

    def _edited_draft(self) -> CloudDraft:
        assert self.draft is not None, "an edit needs a loaded item"
        return self.draft

    def _draft_changed(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.cloud_tags.set_tags(draft.tags)
        dirty = draft.dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirtyChanged.emit(dirty)
        if not self._saving:
            self.set_status("Unsaved changes" if dirty else self.last_status_text())

    def last_status_text(self) -> str:
        return {"saved": "Saved", "queued": "Saved here; waiting to be sent to the server"}.get(self.last_status, "")

    def _set_enabled(self, on: bool) -> None:
        on = on and not self._saving and self.draft is not None
        self.cloud_tags.setEnabled(on)
        self.save_button.setEnabled(on)
        self.act_save.setEnabled(on)

    # -- saving --------------------------------------------------------------------
    def start_save(self) -> None:
        if self.dirty and not self._saving:
            self.scope.start(self.save(), key="save")

    async def save(self, *, expected_version: int | None | Literal["read"] = "read") -> str:
        """Send the annotation; "saved", "queued", "conflict", "failed", or "clean" (nothing to save).

        `expected_version` overrides the version read (to overwrite after a conflict)."""
        draft, cloud_id, dataset_id = self.draft, self.cloud_id, self.dataset_id
        if draft is None or self._saving:
            return "failed" if self._saving else "clean"
        overwrite = expected_version != "read"
        if not draft.dirty and not overwrite:
            return "clean"
        assert cloud_id is not None and dataset_id is not None, "load() sets them together with the draft"
        expected = self.version if isinstance(expected_version, str) else expected_version
        sent, body = draft.snapshot(), draft.to_json()
        self._saving = True
        self._set_enabled(False)
        self.set_status("Saving…")
        message = ""
        try:
            result = await self.saver.save(cloud_id, dataset_id, body, expected)
        except Exception as exc:  # shown to the user; the draft keeps the changes
            log.info("saving the annotation of point cloud %s failed: %s", cloud_id, exc)
            result, message = None, plain_error(exc)
        finally:
            if shiboken6.isValid(self):  # not when the window was destroyed mid-save
                self._saving = False
                self._set_enabled(self.draft is draft)
        if self.draft is not draft:
            return "failed"
        status = result.status if result is not None else "failed"
        self.last_status = status
        if result is not None and status in ("saved", "queued"):
            if status == "saved" and result.new_version is not None:
                self.version = result.new_version
            draft.mark_saved(sent)
            self.undo_stack.setClean()
            self.set_status(self.last_status_text() if not draft.dirty else "Unsaved changes")
            if status == "queued":
                self.messageRaised.emit(result.message)
            self.itemSaved.emit(cloud_id)
            self.state.itemSaved.emit(cloud_id)  # for the main window's tiles and rows
        elif result is not None and status == "conflict":
            self.set_status("Not saved: someone else saved this point cloud meanwhile.")
            self._ask_conflict(result.current)
        else:
            text = f"Not saved: {result.message if result is not None else message}"
            self.set_status(text)
            self.messageRaised.emit(text)
        return status

    def _ask_conflict(self, theirs: PointCloudAnnotation | None) -> None:
        def answer(choice: str) -> None:
            self.conflict_box = None
            self.window().activateWindow()
            if self.draft is None:
                return
            if choice == "reload" and theirs is not None:
                self.reloaded.emit(theirs)  # the viewer shows their cuboids and loads their tags here
                self.messageRaised.emit("Reloaded the annotation saved by someone else.")
            elif choice == "overwrite":
                self.scope.start(self.save(expected_version=theirs.version if theirs else None), key="save")
            else:
                self.set_status("Unsaved changes (someone else saved this point cloud meanwhile).")

        self.conflict_box = ask_conflict(self.window(), self.item_name, answer)

"""Editing an image's annotation: the side panel's behaviour (its widgets are
in editor_panel.py) plus the mouse tool on the view (box_tool.py).

Every change goes through `edit()` or the mouse tool into the editor's own
QUndoStack (Ctrl+Z / Ctrl+Shift+Z), separate from the window's collection
undo. Save (Ctrl+S) sends the draft through the AnnotationSaver (outbox
first, so nothing is lost offline) to the image's dataset of origin (the
`datasetId` annotations.info gave, whatever list the item was opened from),
expecting the version that was read. When someone else saved meanwhile the
server refuses, nothing is overwritten, and the user chooses: reload theirs,
overwrite with mine, or keep editing.

Shortcuts: V the select/move tool, R the draw tool (box_tool.py), arrows
nudge the selected box 1 px (Shift: 10 px; a run of nudges is one undo step),
Delete/Backspace delete the selected box, 1-9 the class of the selected box
(and of the next drawn one), Esc cancels a drawing, then leaves the draw tool,
then deselects, Ctrl+Z/Ctrl+Shift+Z (Ctrl+Y) undo/redo, Ctrl+S save.

The arrows belong to the editor while a box is selected; with none selected
each one does what the viewer gave it (`on_free_arrow`: previous/next item in
the image viewer, frames in the video viewer), so one key never has two
enabled actions (Qt would then run neither)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QMessageBox, QWidget

from desktop_app.api.annotation_records import Annotation, ProjectMeta
from desktop_app.domain.annotation_draft import AnnotationDraft, DraftState, InvalidEdit
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.draft_undo import DraftStep, NudgeStep
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.viewer.box_tool import BoxTool, Mode
from desktop_app.ui.viewer.editor_panel import EditorPanel
from desktop_app.ui.viewer.save_prompts import ask_conflict
from desktop_app.ui.viewer.zoom_view import ZoomView

log = logging.getLogger(__name__)

BIG_NUDGE = 10  # image pixels per Shift+arrow
ARROWS = {"Left": (-1, 0), "Right": (1, 0), "Up": (0, -1), "Down": (0, 1)}


class BoxEditor(EditorPanel):
    dirtyChanged = Signal(bool)
    itemSaved = Signal(int)  # image id: saved, or queued to be sent
    messageRaised = Signal(str)  # short notices for the viewer's status line
    reloaded = Signal()  # a conflict was resolved by taking the server's annotation

    def __init__(
        self,
        state: AppState,
        view: ZoomView,
        scene: AnnotationScene,
        parent: QWidget | None = None,
        *,
        saver: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boxEditor")
        self.state = state
        self.view = view
        self.scene = scene
        self.saver = saver or state.annotation_saver  # one per app: it knows the saves still queued
        self.scope = TaskScope(self)
        self.undo_stack = QUndoStack(self)
        self.draft: AnnotationDraft | None = None
        self.image_id: int | None = None
        self.dataset_id: int | None = None
        self.version: int | None = None
        self.item_name = ""
        self.conflict_box: QMessageBox | None = None
        self.last_status = ""
        self._saving = False
        self._was_dirty = False
        self.tool = BoxTool(view, scene, class_for_new_box=self.current_class, commit=self._commit, refuse=self._refuse)
        view.tool = self.tool
        self._connect_panel()
        self._build_actions()
        scene.currentChanged.connect(self._show_current)
        self.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self._set_target_enabled(False)

    # -- building ------------------------------------------------------------------
    def _connect_panel(self) -> None:
        self.class_combo.currentIndexChanged.connect(self._class_chosen)
        self.object_tags.addRequested.connect(
            lambda name, value: self._on_current(
                lambda key: self._edited_draft().set_object_tag(key, name, value), f"Tag box “{name}”"
            )
        )
        self.object_tags.removeRequested.connect(
            lambda name: self._on_current(
                lambda key: self._edited_draft().remove_object_tag(key, name), f"Remove tag “{name}” from box"
            )
        )
        self.image_tags.addRequested.connect(
            lambda name, value: self.edit(
                f"Tag image “{name}”", lambda: self._edited_draft().set_image_tag(name, value)
            )
        )
        self.image_tags.removeRequested.connect(
            lambda name: self.edit(f"Remove image tag “{name}”", lambda: self._edited_draft().remove_image_tag(name))
        )

    def _build_actions(self) -> None:
        action = partial(make_action, self, category="Annotation")
        self.tool_group = QActionGroup(self)  # exclusive: one tool at a time
        self.act_select = action(
            "Select / move",
            lambda _on: self.set_tool("select"),
            shortcuts="V",
            tip="Select, move and resize boxes; drag an empty area to pan",
            checkable=True,
            checked=True,
            icon="select-move",
            parent=self.tool_group,
        )
        self.act_draw = action(
            "Draw box",
            lambda _on: self.set_tool("draw"),
            shortcuts="R",
            tip="Draw boxes by dragging on the image (Esc: back to Select)",
            checkable=True,
            icon="draw-box",
            parent=self.tool_group,
        )
        self.act_select.setIconText("Select\n(V)")  # the tool buttons' words: short, with the key
        self.act_draw.setIconText("Draw\n(R)")
        self.on_free_arrow: dict[str, QAction] = {}  # key -> the viewer's action when no box is selected
        self.nudge_actions = [
            action(
                f"Nudge box {key.lower()}{' 10 px' if big else ''}",
                lambda k=key, b=big: self.arrow(k, big=b),
                shortcuts=f"Shift+{key}" if big else key,
                tip=f"Move the selected box {BIG_NUDGE if big else 1} px {key.lower()}",
            )
            for big in (False, True)
            for key in ARROWS
        ]
        self.act_delete = action(
            "Delete box",
            self.delete_current,
            shortcuts=[QKeySequence.StandardKey.Delete, "Backspace"],
            tip="Delete the selected box",
            icon="delete",
        )
        self.act_deselect = action(
            "Deselect", self.escape, shortcuts="Esc", tip="Cancel a drawing, else leave Draw box, else deselect the box"
        )
        self.act_undo = action(
            "Undo edit",
            self.undo_stack.undo,
            shortcuts=QKeySequence.StandardKey.Undo,
            tip="Undo the last annotation edit",
            icon="undo",
        )
        self.act_redo = action(
            "Redo edit",
            self.undo_stack.redo,
            shortcuts=["Ctrl+Shift+Z", "Ctrl+Y"],
            tip="Redo the annotation edit",
            icon="redo",
        )
        self.act_save = action(
            "Save annotation",
            self.start_save,
            shortcuts=QKeySequence.StandardKey.Save,
            tip="Save the annotation to the image's dataset",
            icon="save",
        )
        self.class_actions = [
            action(
                f"Class {n}",
                lambda i=n - 1: self.choose_class(i),
                shortcuts=str(n),
                tip=f"Class number {n} for the selected or next box",
            )
            for n in range(1, 10)
        ]
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.delete_button.clicked.connect(self.act_delete.trigger)
        self.undo_button.setDefaultAction(self.act_undo)
        self.redo_button.setDefaultAction(self.act_redo)
        self.save_button.setDefaultAction(self.act_save)
        self.act_undo.setText("Undo")
        self.act_redo.setText("Redo")
        self.act_save.setText("Save")

    def tool_actions(self) -> list[QAction]:
        """The tools, for the viewer's toolbar."""
        return [self.act_select, self.act_draw]

    def editor_actions(self) -> list[QAction]:
        """The actions that edit (for the viewer's menus, the cheat sheet and the
        role gate). Not the nudges: with no box selected their keys step the
        viewer (see `arrow`), which every role may do."""
        return [
            self.act_select,
            self.act_draw,
            self.act_delete,
            self.act_deselect,
            self.act_undo,
            self.act_redo,
            self.act_save,
            *self.class_actions,
        ]

    # -- the item ------------------------------------------------------------------
    def load(
        self, annotation: Annotation, *, width: int | None = None, height: int | None = None, name: str = ""
    ) -> None:
        """Edit this annotation (as annotations.info returned it) from a clean start."""
        draft = AnnotationDraft.from_annotation(annotation, self.project_meta(), width=width, height=height)
        name = name or annotation.image_name or f"image {annotation.image_id}"
        self.start_draft(draft, annotation.image_id, annotation.dataset_id, annotation.version, name)

    def project_meta(self) -> ProjectMeta:
        meta = self.state.meta
        if meta is None:
            raise InvalidEdit("The project's classes and tags are not loaded yet.")
        return meta

    def start_draft(
        self, draft: AnnotationDraft, item_id: int, dataset_id: int | None, version: int | None, name: str
    ) -> None:
        """Edit `draft` (of any kind of item) from a clean start; saves go to `dataset_id`."""
        self.tool.cancel()
        self.scene.set_draft(draft)
        draft.listeners.append(self._draft_changed)
        self.draft = draft
        self.image_id = item_id
        self.dataset_id = dataset_id
        self.version = version
        self.item_name = name
        self.undo_stack.clear()
        self.fill_classes(draft.box_classes())
        self.image_tags.set_metas(draft.tag_metas_for("images"))
        self.object_tags.set_metas(draft.tag_metas_for("objects"))
        self._set_target_enabled(True)
        self._was_dirty = False
        self.set_status("")
        self._draft_changed()
        self._show_current(self.scene.current_key)

    def clear(self) -> None:
        """No item (loading the next one, or nothing left)."""
        self.tool.cancel()
        self.scene.set_draft(None)
        self.draft = None
        self.image_id = self.dataset_id = self.version = None
        self.undo_stack.clear()
        self._set_target_enabled(False)
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
            self._refuse(str(exc))
            return False
        self._commit(text, before)
        return True

    def _edited_draft(self) -> AnnotationDraft:
        """The draft a change applies to: edit() runs changes, and the box tool
        commits, only while an item is loaded."""
        assert self.draft is not None, "an edit needs a loaded item"
        return self.draft

    def _commit(self, text: str, before: DraftState) -> None:
        draft = self._edited_draft()
        after = draft.snapshot()
        if after != before:
            self.undo_stack.push(DraftStep(draft, text, before, after))

    def _refuse(self, sentence: str) -> None:
        self.set_status(sentence)
        self.messageRaised.emit(sentence)

    def _on_current(self, change: Callable[[int], object], text: str) -> bool:
        key = self.scene.current_key
        if key is None:
            self._refuse("Select a box first.")
            return False
        return self.edit(text, lambda: change(key))

    def delete_current(self) -> None:
        key, draft = self.scene.current_key, self.draft
        if key is not None and draft is not None:
            title = draft.figure(key).class_title
            self.edit(f"Delete {title} box", lambda: draft.delete(key))

    def set_tool(self, mode: Mode) -> None:
        """Select/move or Draw box (the toolbar, V and R)."""
        self.tool.set_mode(mode)
        self.act_select.setChecked(mode == "select")
        self.act_draw.setChecked(mode == "draw")

    def escape(self) -> None:
        """Esc: cancel the drawing (or move) in progress, else leave the draw tool, else deselect."""
        if self.tool.dragging:
            self.tool.cancel()
        elif self.tool.draw_mode:
            self.set_tool("select")
        else:
            self.scene.set_current(None)

    def fall_back(self, key: str, action: QAction) -> None:
        """With no box selected, the arrow `key` ("Left", "Shift+Right", …) triggers `action` (the viewer's)."""
        self.on_free_arrow[key] = action
        for nudge in self.nudge_actions:
            if nudge.shortcut().toString() == key:
                base = nudge.property("nudgeText") or nudge.text()
                nudge.setProperty("nudgeText", base)
                nudge.setText(f"{base} (no box selected: {action.text().lower()})")

    def arrow(self, key: str, *, big: bool = False) -> None:
        """An arrow key: nudge the selected box, or do the viewer's step when none is selected."""
        shortcut = f"Shift+{key}" if big else key
        if self._give_to_focused_field(shortcut):
            return
        selected = self.scene.current_key
        if selected is None or self.draft is None:
            fallback = self.on_free_arrow.get(f"Shift+{key}" if big else key)
            if fallback is not None and fallback.isEnabled():
                fallback.trigger()
            return
        self.nudge(selected, *(n * (BIG_NUDGE if big else 1) for n in ARROWS[key]))

    @staticmethod
    def _give_to_focused_field(shortcut: str) -> bool:
        """The arrow shortcuts win over a focused combo or spin box (Qt asks them only for keys they
        claim): Up/Down in the class list must change the class, not move the box."""
        focus = QApplication.focusWidget()
        if not isinstance(focus, (QComboBox, QAbstractSpinBox, QLineEdit)):
            return False
        combo = QKeySequence(shortcut)[0]  # type: ignore[index]  # indexable at run time; the stubs lack __getitem__
        # Straight to its handler: sendEvent would meet this same shortcut again.
        focus.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, combo.key(), combo.keyboardModifiers()))
        return True

    def nudge(self, key: int, dx: int, dy: int) -> bool:
        """Move box `key` by whole image pixels (stopping at the border); a run is one undo step."""
        draft = self.draft
        if draft is None or self._saving or self.tool.dragging:
            return False
        before = draft.snapshot()
        try:
            draft.move_box(key, dx, dy)
        except InvalidEdit as exc:
            self._refuse(str(exc))
            return False
        after = draft.snapshot()
        if after == before:
            self._refuse("The box is at the edge of the image.")
            return False
        self.undo_stack.push(NudgeStep(draft, f"Nudge {draft.figure(key).class_title} box", before, after, key))
        return True

    def choose_class(self, index: int) -> None:
        """Class number `index` (0-based): for the selected box, and for boxes drawn next."""
        if 0 <= index < self.class_combo.count():
            self.class_combo.setCurrentIndex(index)  # reclassifies the selected box (_class_chosen)

    def _class_chosen(self, index: int) -> None:
        title = self.class_combo.itemData(index)
        key, draft = self.scene.current_key, self.draft
        if title and key is not None and draft is not None and draft.figure(key).class_title != title:
            self.edit(f"Make box {title}", lambda: draft.reclassify(key, title))

    # -- showing the state -----------------------------------------------------------
    def _draft_changed(self) -> None:
        draft = self.draft
        if draft is None:
            return
        self.image_tags.set_tags(draft.image_tags)
        self._show_current(self.scene.current_key)
        dirty = draft.dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirtyChanged.emit(dirty)
        if not self._saving:
            self.set_status("Unsaved changes" if dirty else self.last_status_text())

    def last_status_text(self) -> str:
        return {"saved": "Saved", "queued": "Saved here; waiting to be sent to the server"}.get(self.last_status, "")

    def _show_current(self, key: int | None) -> None:
        figure = None
        if self.draft is not None and key is not None:
            try:
                figure = self.draft.figure(key)
            except InvalidEdit:
                figure = None
        self.act_delete.setEnabled(figure is not None)
        self.show_figure(figure)

    def _set_target_enabled(self, on: bool) -> None:
        on = on and not self._saving
        self.tool.enabled = on and self.draft is not None
        for widget in (self.class_combo, self.image_tags, self.save_button):
            widget.setEnabled(on)
        for action in (self.act_select, self.act_draw, self.act_save, *self.class_actions):
            action.setEnabled(on)

    # -- saving --------------------------------------------------------------------
    def start_save(self) -> None:
        """Ctrl+S: save in the background (the result shows in the status line)."""
        if self.dirty and not self._saving:
            self.last_status = "saving"
            self.scope.start(self.save(), key="save")

    async def save(self, *, expected_version: int | None | Literal["read"] = "read") -> str:
        """Send the draft; returns "saved", "queued", "conflict", "failed", or "clean" (nothing to save).

        `expected_version` overrides the version read (used to overwrite after a conflict)."""
        draft = self.draft
        if draft is None or self._saving:
            return "failed" if self._saving else "clean"
        overwrite = expected_version != "read"
        if not draft.dirty and not overwrite:
            return "clean"
        expected = expected_version if not isinstance(expected_version, str) else self.version
        image_id, dataset_id = self.image_id, self.dataset_id
        assert image_id is not None, "load() sets the image id together with the draft"
        if dataset_id is None:  # annotations.info named no dataset: there is nowhere to save the draft
            self.last_status = "failed"
            self._not_saved("the server did not say which dataset this image is in.")
            return "failed"
        sent, body = draft.snapshot(), draft.to_json()
        self._saving = True
        self.last_status = "saving"
        self._set_target_enabled(False)
        self.set_status("Saving…")
        try:
            result = await self.saver.save(image_id, dataset_id, body, expected)
        except Exception as exc:  # shown to the user; the draft keeps the changes
            log.info("saving the annotation of %s failed: %s", self.image_id, exc)
            result = None
            message = plain_error(exc)
        finally:
            if shiboken6.isValid(self):  # not when the window was destroyed mid-save
                self._saving = False
                self._set_target_enabled(self.draft is draft)
        if self.draft is not draft:  # the item was replaced while saving (should not happen: it is guarded)
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
                self.messageRaised.emit(
                    result.message or "The server could not be reached; the edit will be sent later."
                )
            self.itemSaved.emit(image_id)
            self.state.itemSaved.emit(image_id)  # for the main window's tiles and rows
        elif result is not None and status == "conflict":
            self.set_status("Not saved: someone else saved this image meanwhile.")
            self._ask_conflict(result.current)
        else:
            self._not_saved(result.message if result is not None else message)
        return status

    def _not_saved(self, message: str) -> None:
        self.set_status(f"Not saved: {message}")
        self.messageRaised.emit(f"Not saved: {message}")

    def _ask_conflict(self, theirs: Annotation | None) -> None:
        def answer(choice: str) -> None:
            self.conflict_box = None
            self.window().activateWindow()
            if self.draft is None:
                return
            if choice == "reload" and theirs is not None:
                self.load(theirs, name=self.item_name)
                self.messageRaised.emit("Reloaded the annotation saved by someone else.")
                self.reloaded.emit()
            elif choice == "overwrite":
                version = theirs.version if theirs is not None else None
                self.scope.start(self.save(expected_version=version), key="save")
            else:
                self.set_status("Unsaved changes (someone else saved this image meanwhile).")

        self.conflict_box = ask_conflict(self.window(), self.item_name, answer)

"""The item viewer: one image at full size with its annotation, zoom and pan,
next/previous through the list it was opened from, and the box editor at
its side.

The list is an `ItemSequence` (domain/item_sequence.py): `BrowseSequence` over
the BrowseController gives the gallery's own order (scope, filter, sort);
None a single item. Next/previous find the
current item's row again each time, so they follow the list even after it
was reloaded.

Leaving an item with unsaved changes (next, previous, another item, closing
the window) asks Save / Discard / Cancel in a window-modal box opened with
open(), never exec(): nothing is lost silently and nothing blocks.

Shortcuts: PgDn (or → with no box selected) next, PgUp (or ←) previous,
+ / - zoom, 0 or F fit, wheel zoom
around the mouse, Space+drag or middle drag pan, G ground truth, P
predictions, L labels, Ctrl+W close; the editor's own (see box_editor: with a
box selected the arrows nudge it instead of stepping)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from desktop_app.api.records import Image
from desktop_app.domain.annotation_draft import InvalidEdit
from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.full_images import FullImages
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.viewer.box_editor import BoxEditor
from desktop_app.ui.viewer.save_prompts import ask_unsaved
from desktop_app.ui.viewer.stepping import step_when_current
from desktop_app.ui.viewer.zoom_view import ZoomView
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog

log = logging.getLogger(__name__)


class ItemViewer(QWidget):
    editor_class: type[BoxEditor] = BoxEditor  # another kind of item brings its own (the video viewer)
    itemShown = Signal(int)  # the item now shown (loaded with its annotation)
    itemFailed = Signal(str)  # an item could not be loaded (the reason, in words)
    itemSaved = Signal(int)  # an item's annotation was saved (or queued to be)

    def __init__(
        self,
        state: AppState,
        sequence: ItemSequence | None = None,
        parent: QWidget | None = None,
        *,
        saver=None,
        window: bool = True,
    ) -> None:
        """`window=False` embeds the viewer in another window (the queue work window)."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, window)
        self.setObjectName("itemViewer")
        self.setWindowTitle("Item — Collections Desk")
        self.state = state
        self.sequence = sequence
        self.scope = TaskScope(self)
        self.pictures = FullImages(state.services.images)
        pictures = self.pictures  # not self: destroyed() comes after the Python wrapper may be gone
        self.destroyed.connect(lambda *_: pictures.close())
        self.scene = AnnotationScene(self)
        self.view = ZoomView(self.scene, self)
        self.view.setObjectName("imageView")
        self.editor = self.editor_class(state, self.view, self.scene, self, saver=saver)
        self.prompt: QMessageBox | None = None  # the open "unsaved changes" question
        self._image: Image | None = None
        self._index: int | None = None
        self._loading = False
        self._pending_box: tuple[int, str, tuple[float, float, float, float]] | None = None  # select_box_of

        self._build_actions()
        self.toolbar = self._build_toolbar()
        self.tools_bar = self._build_tools_bar()
        self.message = QLabel(self)
        self.message.setObjectName("viewerMessage")
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setContentsMargins(8, 2, 8, 4)
        center = QHBoxLayout()
        center.setContentsMargins(0, 0, 0, 0)
        center.setSpacing(0)
        center.addWidget(self.tools_bar)
        center.addWidget(self.view, 1)
        center.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addLayout(center, 1)
        layout.addWidget(self.message)

        self._show_stepping()
        self.view.zoomChanged.connect(self._show_zoom)
        self.editor.messageRaised.connect(self.show_message)
        self.editor.itemSaved.connect(self._saved)
        self.editor.dirtyChanged.connect(lambda _dirty: self._show_title())
        self.itemShown.connect(self._select_pending_box)
        self.resize(1200, 820)

    # -- actions and toolbar ----------------------------------------------------------
    def _build_actions(self) -> None:
        action = partial(make_action, self, category="Viewer")
        self.act_previous = action(
            "Previous", self.previous_item, shortcuts="PgUp", tip="Previous item in the list", icon="previous"
        )
        self.act_next = action("Next", self.next_item, shortcuts="PgDown", tip="Next item in the list", icon="next")
        # ← and → step items too, but only while no box is selected (then they nudge it): the editor routes them
        self.editor.fall_back("Left", self.act_previous)
        self.editor.fall_back("Right", self.act_next)
        self.act_previous.setToolTip("Previous item in the list (PgUp; ← with no box selected)")
        self.act_next.setToolTip("Next item in the list (PgDown; → with no box selected)")
        self.act_zoom_in = action("Zoom in", self.view.zoom_in, shortcuts=["+", "="], icon="zoom-in")
        self.act_zoom_out = action("Zoom out", self.view.zoom_out, shortcuts="-", icon="zoom-out")
        self.act_fit = action("Fit", self.view.fit, shortcuts=["0", "F"], tip="Fit the image to the window", icon="fit")
        self.act_gt = action(
            "Ground truth",
            self.scene.set_show_ground_truth,
            shortcuts="G",
            tip="Show ground-truth boxes",
            checkable=True,
            checked=True,
        )
        self.act_pred = action(
            "Predictions",
            self.scene.set_show_predictions,
            shortcuts="P",
            tip="Show predicted boxes (dashed, with confidence)",
            checkable=True,
            checked=True,
        )
        self.act_labels = action(
            "Labels",
            self.scene.set_show_labels,
            shortcuts="L",
            tip="Show class labels on the boxes",
            checkable=True,
            checked=True,
        )
        self.act_close = action(
            "Close window", lambda: self.window().close(), shortcuts="Ctrl+W", tip="Close the window"
        )
        self.act_shortcuts = action(
            "Keyboard shortcuts",
            self.show_shortcuts,
            shortcuts=["?", "F1"],
            tip="List the keyboard shortcuts",
            icon="keyboard",
        )
        self.extra_actions: list[QAction] = []  # the embedding window's own (queue verbs), for the cheat sheet

    def viewer_actions(self) -> list[QAction]:
        return [
            self.act_previous,
            self.act_next,
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
            self.act_gt,
            self.act_pred,
            self.act_labels,
            self.act_close,
            self.act_shortcuts,
            *self.editor.editor_actions(),
            *self.editor.nudge_actions,
        ]

    def show_shortcuts(self) -> None:
        actions = [a for a in self.extra_actions + self.viewer_actions() if a.isVisible()]
        dialog = ShortcutsDialog(actions, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar("Viewer", self)
        bar.setObjectName("viewerToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.act_previous)
        bar.addAction(self.act_next)
        self.position = QLabel(self)
        self.position.setObjectName("viewerPosition")
        self.position.setMinimumWidth(90)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._position_action = bar.addWidget(self.position)
        self.title = QLabel(self)
        self.title.setObjectName("viewerTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.title)
        bar.addSeparator()
        for action in (self.act_gt, self.act_pred, self.act_labels):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.act_zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.zoom_label)
        bar.addAction(self.act_zoom_in)
        bar.addAction(self.act_fit)
        return bar

    def _build_tools_bar(self) -> QToolBar:
        """The editor's tools, at the left of the picture as in drawing programs, keys in their names."""
        bar = QToolBar("Tools", self)
        bar.setObjectName("editorTools")
        bar.setOrientation(Qt.Orientation.Vertical)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        for tool in self.editor.tool_actions():  # Select / move (V), Draw box (R)
            bar.addAction(tool)
        return bar

    # -- where we are ---------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        return self._image.id if self._image is not None else None

    @property
    def current_image(self) -> Image | None:
        return self._image

    @property
    def current_index(self) -> int | None:
        if self._image is not None and self.sequence is not None:
            found = self.sequence.index_of(self._image.id)
            if found is not None:
                return found
        return self._index

    @property
    def loading(self) -> bool:
        return self._loading

    def set_sequence(self, sequence: ItemSequence | None) -> None:
        self.sequence = sequence
        self._show_title()
        self._show_stepping()

    def _show_stepping(self) -> None:
        for action in (self.act_previous, self.act_next, self._position_action):
            action.setVisible(self.sequence is not None)  # a single item has no next

    # -- moving (each one guarded against losing changes) --------------------------------
    def open_item(self, item_id: int, image: Image | None = None) -> None:
        """Show an item (of the list, when it is in it)."""
        index = self.sequence.index_of(item_id) if self.sequence is not None else None
        self.leave_then(lambda: self._go(index, item_id, image))

    def open_index(self, index: int) -> None:
        self.leave_then(lambda: self._go(index, None, None))

    def select_box_of(self, item_id: int, class_title: str, edges: tuple[float, float, float, float]) -> None:
        """Select the box of `class_title` nearest `edges` once `item_id` is shown (the objects view's
        double-click); at once when it is shown already."""
        self._pending_box = (item_id, class_title, edges)
        if self.current_id == item_id and not self._loading and self.editor.draft is not None:
            self._select_pending_box(item_id)

    def _select_pending_box(self, item_id: int) -> None:
        pending, self._pending_box = self._pending_box, None
        draft = self.editor.draft
        if pending is None or pending[0] != item_id or draft is None:
            return
        _, title, edges = pending
        same_class = [f for f in draft.figures if f.class_title == title]
        if not same_class:
            return
        figure = min(same_class, key=lambda f: sum(abs(a - b) for a, b in zip(f.edges, edges, strict=True)))
        self.scene.set_current(figure.key)
        box = self.scene.box(figure.key)
        if box is not None:
            self.view.centerOn(box)

    def next_item(self) -> None:
        self._step(+1)

    def previous_item(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        sequence = self.sequence
        if sequence is not None:
            step_when_current(self.scope, sequence, lambda: self.sequence is sequence, lambda: self._step_now(delta))

    def _step_now(self, delta: int) -> None:
        if self.sequence is None:
            return
        index = self.current_index
        target = (index + delta) if index is not None else 0
        if not 0 <= target < self.sequence.count():
            self.show_message(
                "This is the last item of the list." if delta > 0 else "This is the first item of the list."
            )
            return
        self.open_index(target)

    def leave_then(self, then: Callable[[], object]) -> None:
        """Run `then` once the current item may be left: at once when nothing is
        unsaved, else after the user's Save (and a successful save) or Discard."""
        if self.editor.saving:
            self.show_message("Saving… try again in a moment.")
            return
        if not self.editor.dirty:
            then()
            return
        if self.prompt is not None:
            self.prompt.raise_()
            return

        def answered(choice: str) -> None:
            self.prompt = None
            self.activateWindow()  # keys go to the viewer again (not every platform does this itself)
            if choice == "discard":
                self.editor.discard()
                then()
            elif choice == "save":
                self.scope.start(self._save_then(then), key="save-then-leave")

        self.prompt = ask_unsaved(self, self.editor.item_name, answered)

    async def _save_then(self, then: Callable[[], object]) -> None:
        status = await self.editor.save()
        if status in ("saved", "queued", "clean"):
            then()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.editor.dirty or self.editor.saving:
            event.ignore()
            self.leave_then(self.close)  # after Save or Discard the draft is clean: close goes through
            return
        self.scope.cancel_all()
        self.pictures.close()
        super().closeEvent(event)

    # -- loading -----------------------------------------------------------------------
    def _go(self, index: int | None, item_id: int | None, image: Image | None) -> None:
        self._index = index
        self.scope.start(self._load(index, item_id, image), key="load")

    async def _load(self, index: int | None, item_id: int | None, image: Image | None) -> None:
        self._loading = True
        self.editor.clear()
        self.show_message("Loading…")
        try:
            if image is None and index is not None and self.sequence is not None:
                image = await self.sequence.item_at(index)
            if image is not None:
                image_id = image.id
            elif item_id is not None:
                image_id = item_id
            else:
                self._failed("That item could not be loaded (the list may have changed).")
                return
            if image is None or image.width is None:
                image = await self.state.services.images.info(image_id)
            annotation = await self.state.services.images.annotation(image_id)
            picture = await self.pictures.get(image)
        except Exception as exc:  # said in the status line; the user can try again
            log.info("loading item %s failed: %s", item_id or index, exc)
            self._failed(plain_error(exc))
            return
        finally:
            self._loading = False
        self._image = image
        self.scene.set_image(
            picture,
            annotation.width or image.width or picture.width(),
            annotation.height or image.height or picture.height(),
        )
        try:
            self.editor.load(annotation, width=image.width, height=image.height, name=image.name)
        except InvalidEdit as exc:
            self._failed(str(exc))
            return
        self.view.fit()
        self.show_message("" if not picture.isNull() else "The picture could not be shown; its boxes are.")
        self._show_title()
        self.itemShown.emit(image.id)
        self._prefetch_next()

    def _prefetch_next(self) -> None:
        index, sequence = self.current_index, self.sequence
        if index is None or sequence is None or index + 1 >= sequence.count():
            return

        async def fetch() -> None:
            following = await sequence.item_at(index + 1)
            if following is not None:
                try:
                    await self.pictures.get(following)
                except Exception as exc:  # a prefetch is a bonus: the real load reports errors
                    log.debug("prefetch of %s failed: %s", following.id, exc)

        self.scope.start(fetch(), key="prefetch")

    # -- showing -----------------------------------------------------------------------
    def _failed(self, text: str) -> None:
        self.show_message(text)
        self.itemFailed.emit(text)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _show_title(self) -> None:
        image = self._image
        if image is None:
            self.title.setText("")
            self.position.setText("")
            return
        dataset = self.state.dataset_name(image.dataset_id)
        unsaved = " •" if self.editor.dirty else ""
        self.title.setText(
            f"<b>{image.name}</b>{unsaved}"
            + (f"  ·  {dataset}" if dataset else "")
            + (f"  ·  {image.width} × {image.height}" if image.width else "")
        )
        index, count = self.current_index, (self.sequence.count() if self.sequence is not None else 0)
        self.position.setText(f"{index + 1} / {count:,}" if index is not None and count else "")
        self.act_previous.setEnabled(index is not None and index > 0)
        self.act_next.setEnabled(index is not None and index + 1 < count)
        self.setWindowTitle(f"{image.name}{unsaved} — Collections Desk")

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _saved(self, image_id: int) -> None:
        self._show_title()
        self.itemSaved.emit(image_id)

"""The point-cloud viewer: one cloud in 3D (or, without OpenGL, seen from
above and from the side), its cuboids in their class colours, its objects
and tags at the side, next/previous through the list it was opened from.

It follows the image viewer (ui/viewer/item_viewer.py): the list is an
ItemSequence (None for a single item), each step first asks about unsaved
tag edits (Save / Discard / Cancel, opened, never exec'd), and saves go
through the outbox. The .pcd file is downloaded once into the cache folder
and parsed in a worker thread, so the window stays responsive.

Shortcuts: →/PgDn next, ←/PgUp previous, R reset the view, 1 top, 2 side,
3 front, G ground truth, P predictions, L labels, I colour by intensity
(else by height), Ctrl+W close, ?/F1 the cheat sheet; the editor's Ctrl+Z,
Ctrl+Shift+Z, Ctrl+S. Mouse: drag orbits (pans in 2D), middle-drag pans,
wheel zooms."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from desktop_app.api.point_cloud_records import PointCloudAnnotation
from desktop_app.api.records import Image
from desktop_app.domain.annotation_draft import InvalidEdit
from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.domain.point_clouds.drawn_cuboids import DrawnCuboid, drawn_cuboids
from desktop_app.domain.point_clouds.point_colors import ColorBy, point_colors
from desktop_app.domain.services.point_clouds import LoadedCloud
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.point_cloud.cloud_tag_editor import CloudTagEditor
from desktop_app.ui.point_cloud.opengl_check import opengl_problem
from desktop_app.ui.point_cloud.projection_view import ProjectionView
from desktop_app.ui.viewer.save_prompts import ask_unsaved
from desktop_app.ui.viewer.stepping import step_when_current
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog

log = logging.getLogger(__name__)


def make_cloud_view(use_opengl: bool | None, parent: QWidget) -> Any:
    """The 3D view where OpenGL works, else the 2D projection saying why."""
    problem = opengl_problem() if use_opengl is None else None if use_opengl else "the 3D view is switched off."
    if problem is None:
        from desktop_app.ui.point_cloud.gl_cloud_view import GLCloudView  # imports OpenGL: only when it works

        return GLCloudView(parent)
    return ProjectionView(problem, parent)


class PointCloudViewer(QWidget):
    itemShown = Signal(int)  # the item now shown (with its annotation)
    itemFailed = Signal(str)  # an item could not be loaded (the reason, in words)
    itemSaved = Signal(int)  # an item's annotation was saved (or queued to be)

    def __init__(
        self,
        state: AppState,
        sequence: ItemSequence | None = None,
        parent: QWidget | None = None,
        *,
        window: bool = True,
        use_opengl: bool | None = None,
        saver=None,
    ) -> None:
        """`window=False` embeds the viewer in another window (the queue work window);
        `use_opengl` None decides by what the machine offers."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, window)
        self.setObjectName("pointCloudViewer")
        self.setWindowTitle("Point cloud — Collections Desk")
        self.state = state
        self.sequence = sequence
        self.scope = TaskScope(self)
        self.view = make_cloud_view(use_opengl, self)
        self.editor = CloudTagEditor(state, self, saver=saver)
        self.prompt: QMessageBox | None = None
        self.cloud: Image | None = None  # the point cloud's record (points_count, size)
        self.loaded: LoadedCloud | None = None
        self.cuboids: list[DrawnCuboid] = []
        self._index: int | None = None
        self._loading = False
        self.show_ground_truth = self.show_predictions = self.show_labels = True

        self._build_actions()
        self.toolbar = self._build_toolbar()
        self.message = QLabel(self)
        self.message.setObjectName("viewerMessage")
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setContentsMargins(8, 2, 8, 4)
        center = QHBoxLayout()
        center.setContentsMargins(0, 0, 0, 0)
        center.setSpacing(0)
        center.addWidget(self.view, 1)
        center.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addLayout(center, 1)
        layout.addWidget(self.message)
        self._show_stepping()
        self.editor.messageRaised.connect(self.show_message)
        self.editor.itemSaved.connect(self._saved)
        self.editor.reloaded.connect(self._reloaded)
        self.editor.dirtyChanged.connect(lambda _dirty: self._show_title())
        self.resize(1280, 820)

    # -- actions and toolbar ----------------------------------------------------------
    def _build_actions(self) -> None:
        action = partial(make_action, self, category="Point cloud viewer")
        self.act_previous = action(
            "Previous", self.previous_item, shortcuts=["Left", "PgUp"], tip="Previous item in the list", icon="previous"
        )
        self.act_next = action(
            "Next", self.next_item, shortcuts=["Right", "PgDown"], tip="Next item in the list", icon="next"
        )
        self.act_reset = action("Reset view", self.view.reset_view, shortcuts="R", tip="See the whole cloud")
        self.act_top = action("Top", lambda: self.view.show_view("top"), shortcuts="1", tip="Look from above")
        self.act_side = action("Side", lambda: self.view.show_view("side"), shortcuts="2", tip="Look along the y axis")
        self.act_front = action("Front", lambda: self.view.show_view("front"), shortcuts="3", tip="Look along x")
        self.act_gt = action(
            "Ground truth", self._set_ground_truth, shortcuts="G", tip="Show ground-truth cuboids", checkable=True
        )
        self.act_pred = action(
            "Predictions",
            self._set_predictions,
            shortcuts="P",
            tip="Show predicted cuboids (dashed, with confidence)",
            checkable=True,
        )
        self.act_labels = action("Labels", self._set_labels, shortcuts="L", tip="Show class labels", checkable=True)
        for toggle in (self.act_gt, self.act_pred, self.act_labels):
            toggle.setChecked(True)
        self.act_intensity = action(
            "Intensity",
            self._set_color_by_intensity,
            shortcuts="I",
            tip="Colour the points by intensity (else by height)",
            checkable=True,
        )
        self.act_close = action(
            "Close window", lambda: self.window().close(), shortcuts="Ctrl+W", tip="Close the window"
        )
        self.act_shortcuts = action(
            "Keyboard shortcuts", self.show_shortcuts, shortcuts=["?", "F1"], tip="List the keyboard shortcuts"
        )
        self.extra_actions: list[QAction] = []  # the embedding window's own (queue verbs), for the cheat sheet

    def viewer_actions(self) -> list[QAction]:
        return [
            self.act_previous,
            self.act_next,
            self.act_reset,
            self.act_top,
            self.act_side,
            self.act_front,
            self.act_gt,
            self.act_pred,
            self.act_labels,
            self.act_intensity,
            self.act_close,
            self.act_shortcuts,
            *self.editor.editor_actions(),
        ]

    def show_shortcuts(self) -> None:
        actions = [a for a in self.extra_actions + self.viewer_actions() if a.isVisible()]
        dialog = ShortcutsDialog(actions, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar("Point cloud viewer", self)
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
        for act in (self.act_gt, self.act_pred, self.act_labels, self.act_intensity):
            bar.addAction(act)
        bar.addSeparator()
        for act in (self.act_reset, self.act_top, self.act_side, self.act_front):
            bar.addAction(act)
        return bar

    # -- where we are ---------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        return self.cloud.id if self.cloud is not None else None

    @property
    def current_index(self) -> int | None:
        if self.cloud is not None and self.sequence is not None:
            found = self.sequence.index_of(self.cloud.id)
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
        for act in (self.act_previous, self.act_next, self._position_action):
            act.setVisible(self.sequence is not None)

    # -- moving (each one guarded against losing changes) --------------------------------
    def open_item(self, item_id: int, record: object = None) -> None:
        """Show an item (of the list, when it is in it); `record` is ignored (the cloud's own is read)."""
        index = self.sequence.index_of(item_id) if self.sequence is not None else None
        self.leave_then(lambda: self._go(index, item_id))

    def open_index(self, index: int) -> None:
        self.leave_then(lambda: self._go(index, None))

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
        """Run `then` once the current item may be left (see the image viewer's)."""
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
            self.activateWindow()
            if choice == "discard":
                self.editor.discard()
                then()
            elif choice == "save":
                self.scope.start(self._save_then(then), key="save-then-leave")

        self.prompt = ask_unsaved(self, self.editor.item_name, answered)

    async def _save_then(self, then: Callable[[], object]) -> None:
        if await self.editor.save() in ("saved", "queued", "clean"):
            then()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.editor.dirty or self.editor.saving:
            event.ignore()
            self.leave_then(self.close)
            return
        self.scope.cancel_all()
        super().closeEvent(event)

    # -- loading -----------------------------------------------------------------------
    def _go(self, index: int | None, item_id: int | None) -> None:
        self._index = index
        self.scope.start(self._load(index, item_id), key="load")

    async def _load(self, index: int | None, item_id: int | None) -> None:
        self._loading = True
        self.editor.clear()
        self.show_message("Loading…")
        try:
            if item_id is None and index is not None and self.sequence is not None:
                record = await self.sequence.item_at(index)
                item_id = record.id if record is not None else None
            if item_id is None:
                self._failed("That item could not be loaded (the list may have changed).")
                return
            services = self.state.services.point_clouds
            cloud = await services.info(item_id)
            if cloud.dataset_id is None:
                self._failed("The server did not say which dataset this point cloud is in.")
                return
            annotation = await services.annotation(cloud.dataset_id, cloud.id)
            self.show_message(f"Loading {cloud.points_count:,} points…" if cloud.points_count else "Loading points…")
            color_by: ColorBy = "intensity" if self.act_intensity.isChecked() else "height"
            loaded = await services.load(cloud, self.state.cache_dir, color_by)
        except Exception as exc:  # said in the status line; the user can try again
            log.info("loading point cloud %s failed: %s", item_id or index, exc)
            self._failed(plain_error(exc))
            return
        finally:
            self._loading = False
        self.cloud, self.loaded = cloud, loaded
        self.view.set_cloud(loaded.points.xyz, loaded.colors)
        if not self._show_annotation(annotation):
            return
        notes = []
        if annotation.other_figures:
            notes.append(f"{annotation.other_figures} figure(s) of other shapes are not drawn.")
        if loaded.points.intensity is None and self.act_intensity.isChecked():
            notes.append("This cloud has no intensity; coloured by height.")
        self.show_message(" ".join(notes))
        self._show_title()
        self.itemShown.emit(cloud.id)
        self._prefetch_next()

    def _show_annotation(self, annotation: PointCloudAnnotation) -> bool:
        """The annotation's cuboids drawn and listed, its tags in the editor (clean)."""
        cloud = self.cloud
        assert cloud is not None and cloud.dataset_id is not None, "shown only once the cloud is loaded"
        self.cuboids = drawn_cuboids(annotation, self.state.meta)
        self._show_cuboids()
        try:
            self.editor.load(annotation, self.cuboids, cloud_id=cloud.id, dataset_id=cloud.dataset_id, name=cloud.name)
        except InvalidEdit as exc:
            self._failed(str(exc))
            return False
        self._show_info()
        return True

    def _reloaded(self, annotation: PointCloudAnnotation) -> None:
        if self.cloud is not None:
            self._show_annotation(annotation)
            self._show_title()

    def _prefetch_next(self) -> None:
        """Download the next cloud of the list into the cache while this one is looked at."""
        index, sequence = self.current_index, self.sequence
        if index is None or sequence is None or index + 1 >= sequence.count():
            return

        async def fetch() -> None:
            following = await sequence.item_at(index + 1)
            if following is None:
                return
            try:
                services = self.state.services.point_clouds
                await services.file(await services.info(following.id), self.state.cache_dir)
            except Exception as exc:  # a prefetch is a bonus: the real load reports errors
                log.debug("prefetch of point cloud %s failed: %s", following.id, exc)

        self.scope.start(fetch(), key="prefetch")

    # -- showing -----------------------------------------------------------------------
    def visible_cuboids(self) -> list[DrawnCuboid]:
        return [c for c in self.cuboids if (self.show_predictions if c.predicted else self.show_ground_truth)]

    def _show_cuboids(self) -> None:
        self.view.set_cuboids(self.visible_cuboids(), show_labels=self.show_labels)

    def _set_ground_truth(self, on: bool) -> None:
        self.show_ground_truth = bool(on)
        self._show_cuboids()

    def _set_predictions(self, on: bool) -> None:
        self.show_predictions = bool(on)
        self._show_cuboids()

    def _set_labels(self, on: bool) -> None:
        self.show_labels = bool(on)
        self._show_cuboids()

    def _set_color_by_intensity(self, on: bool) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        if on and loaded.points.intensity is None:
            self.show_message("This cloud has no intensity; coloured by height.")

        async def recolor() -> None:
            colors = await asyncio.to_thread(point_colors, loaded.points, "intensity" if on else "height")
            if self.loaded is loaded:
                self.view.set_cloud(loaded.points.xyz, colors)

        self.scope.start(recolor(), key="recolor")

    def _show_info(self) -> None:
        cloud, loaded = self.cloud, self.loaded
        if cloud is None or loaded is None:
            self.editor.info.setText("")
            return
        size = f" · {cloud.size / 1e6:.1f} MB" if cloud.size else ""
        truth = sum(1 for c in self.cuboids if not c.predicted)
        self.editor.info.setText(
            f"<b>{len(loaded.points):,}</b> points{size}<br>"
            f"{truth} ground-truth cuboid(s), {len(self.cuboids) - truth} prediction(s)"
        )

    def _failed(self, text: str) -> None:
        self.show_message(text)
        self.itemFailed.emit(text)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _show_title(self) -> None:
        cloud = self.cloud
        if cloud is None:
            self.title.setText("")
            self.position.setText("")
            return
        dataset = self.state.dataset_name(cloud.dataset_id)
        unsaved = " •" if self.editor.dirty else ""
        self.title.setText(f"<b>{cloud.name}</b>{unsaved}" + (f"  ·  {dataset}" if dataset else ""))
        index, count = self.current_index, (self.sequence.count() if self.sequence is not None else 0)
        self.position.setText(f"{index + 1} / {count:,}" if index is not None and count else "")
        self.act_previous.setEnabled(index is not None and index > 0)
        self.act_next.setEnabled(index is not None and index + 1 < count)
        self.setWindowTitle(f"{cloud.name}{unsaved} — Collections Desk")

    def _saved(self, cloud_id: int) -> None:
        self._show_title()
        self.itemSaved.emit(cloud_id)

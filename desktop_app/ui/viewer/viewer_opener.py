"""Opening the item viewer from the main window's list: double-click or Enter
in the gallery or the table (their `activated` signal), or Space on the
current item. The viewer is the one for the project's type (viewer_kinds.py:
images, videos, …); one window per type, reused; it steps through the same
list the views show (BrowseSequence), and after a save from any window (this
viewer, a queue work window) the item's row and thumbnail boxes are refreshed
from the server."""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.qt.item_model import ItemIdRole
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.browse.item_views import ItemViews
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.common.role_gate import RoleGate
from desktop_app.ui.common.window_placement import centre_on, return_focus_on_close
from desktop_app.ui.viewer.viewer_kinds import viewer_class

log = logging.getLogger(__name__)


class ViewerOpener(QObject):
    def __init__(self, state: AppState, browse: BrowseController, views: ItemViews, window: QWidget) -> None:
        super().__init__(window)
        self.state = state
        self.browse = browse
        self.views = views
        self.window = window
        self.scope = TaskScope(self)
        self.viewers: dict[str, Any] = {}  # project type -> its viewer window
        self.act_open = make_action(
            views,
            "Open item",
            self.open_current,
            shortcuts=Qt.Key.Key_Space,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            category="View",
            tip="Open the current item in the viewer, also by Enter or double-click",
        )
        views.activated.connect(self.open_item)
        state.projectChanged.connect(self._project_changed)
        # every save, from this viewer or a queue work window, refreshes the item's tile and row
        state.itemSaved.connect(self._refresh_item)

    def actions(self) -> list[QAction]:  # noqa: D401 (Qt's name)
        return [self.act_open]

    def open_current(self) -> None:
        index = self.browse.selection_model.currentIndex()
        item_id = index.data(ItemIdRole) if index.isValid() else None
        if item_id is not None:
            self.open_item(int(item_id))

    @property
    def viewer(self) -> Any | None:
        """The viewer of the open project's type, when one was opened."""
        viewer = self.viewers.get(self.browse.item_type)
        return viewer if viewer is not None and shiboken6.isValid(viewer) else None

    def open_item(self, item_id: int) -> None:
        kind = self.browse.item_type
        viewer = self.viewer
        if viewer is None:
            viewer = self.viewers[kind] = viewer_class(kind)(self.state, BrowseSequence(self.browse), self.window)
            self._gate_edits(viewer)
            centre_on(viewer, self.window)  # not at the screen's corner (then where the user left it)
            return_focus_on_close(viewer, self.window)
        viewer.show()
        if QGuiApplication.platformName() != "offscreen":  # it has no window stacking (and warns)
            viewer.raise_()
        viewer.activateWindow()
        if viewer.current_id != item_id:
            row = self.browse.model.row_of(item_id)
            viewer.open_item(item_id, self.browse.model.item_at(row) if row is not None else None)

    def open_object(self, obj: Any) -> None:
        """An object of the objects view (an EvaluatedObject): its item, with that box selected;
        a video's at the box's frame."""
        self.open_item(obj.image_id)
        viewer = self.viewer
        if viewer is not None and hasattr(viewer, "select_box_of"):
            box = obj.bbox
            if obj.frame is None:
                viewer.select_box_of(obj.image_id, obj.class_title, (box.left, box.top, box.right, box.bottom))
            else:  # a video box's wire pixels are inclusive; the draft's right and bottom are exclusive
                edges = (box.left, box.top, box.right + 1, box.bottom + 1)
                viewer.select_box_of(obj.image_id, obj.class_title, edges, frame=obj.frame)

    def _gate_edits(self, viewer: Any) -> None:
        """Outside queue work only managing roles edit annotations (server/permissions.py)."""
        gate = RoleGate(viewer, viewer.editor.editor_actions(), viewer.show_message, lambda r: r.annotation_reason)
        gate.apply(self.state.role)
        self.state.roleChanged.connect(gate.apply)

    def close_viewer(self) -> bool:
        """Close the viewers before the main window closes; False when one asked about
        unsaved changes instead (the main window then stays open)."""
        closed = True
        for viewer in self._open_viewers():
            closed = viewer.close() and closed
        return closed

    def _open_viewers(self) -> list[Any]:
        return [v for v in self.viewers.values() if shiboken6.isValid(v) and v.isVisible()]

    def leave_deleted(self, gone: set[int]) -> None:
        """Items were deleted from their datasets: a viewer showing one of them closes (its
        unsaved changes could not be saved anywhere any more)."""
        viewer = self.viewer
        if viewer is None or not shiboken6.isValid(viewer) or not viewer.isVisible() or viewer.current_id not in gone:
            return
        viewer.editor.discard()
        viewer.close()
        self.state.messageRaised.emit("The item open in the viewer was deleted; the viewer was closed.")

    def _project_changed(self, _project: object) -> None:
        # The list is another project's now; an item with unsaved changes stays open
        # (its save still goes to its own dataset) until the user decides.
        for viewer in self._open_viewers():
            if not viewer.editor.dirty:
                viewer.close()

    def _refresh_item(self, item_id: int) -> None:
        async def refresh() -> None:
            try:
                image = await self.state.services.items.info(self.browse.item_type, item_id)
            except Exception as exc:  # the list shows the old label count until the next reload
                log.info("refreshing item %s after a save failed: %s", item_id, exc)
                return
            self.views.gallery.overlay.forget([item_id])
            self.browse.model.replace_item(image)

        self.scope.start(refresh())

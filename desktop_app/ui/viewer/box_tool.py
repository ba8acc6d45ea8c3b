"""The mouse on the image while editing. It is the ZoomView's `tool`, with
two modes the editor's toolbar switches between:

- "select" (V, the default): a click selects a box, dragging a box moves it,
  dragging a handle of the selected box resizes it, and dragging on an empty
  area pans the picture (it never draws);
- "draw" (R): dragging draws a new box, wherever it starts (on another box
  too); only the handles of the selected box still resize it, so the box just
  drawn can be adjusted. The tool stays in "draw" after a box (several boxes
  in a row are the usual case); Esc or V goes back to "select".

Positions snap to whole pixel edges (a box covers whole pixels). During a
drag the draft changes live (the scene follows it); on release the whole
gesture becomes one undo step through `commit(text, before)`. Press, move and
release come straight from the view, so tests drive it with real mouse
events on the viewport."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

from desktop_app.domain.annotation_draft import AnnotationDraft, DraftState, InvalidEdit
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.ui.viewer.zoom_view import ZoomView

Mode = Literal["select", "draw"]
MIN_DRAG_PX = 3  # a shorter press-and-release is a click, not a box
CURSORS = {
    "tl": Qt.CursorShape.SizeFDiagCursor,
    "br": Qt.CursorShape.SizeFDiagCursor,
    "tr": Qt.CursorShape.SizeBDiagCursor,
    "bl": Qt.CursorShape.SizeBDiagCursor,
    "l": Qt.CursorShape.SizeHorCursor,
    "r": Qt.CursorShape.SizeHorCursor,
    "t": Qt.CursorShape.SizeVerCursor,
    "b": Qt.CursorShape.SizeVerCursor,
}


class BoxTool:
    def __init__(
        self,
        view: ZoomView,
        scene: AnnotationScene,
        *,
        class_for_new_box: Callable[[], str | None],
        commit: Callable[[str, DraftState], None],
        refuse: Callable[[str], None],
    ) -> None:
        """`class_for_new_box()` names the class of a drawn box; `commit(text, before)` records
        an undo step from the state before the gesture; `refuse(sentence)` tells the user why not."""
        self.view = view
        self.scene = scene
        self._class_for_new_box = class_for_new_box
        self._commit = commit
        self._refuse = refuse
        self.enabled = False
        self._mode: Mode = "select"
        self._drag: str | None = None  # "draw" | "move" | "resize" | "pan"
        self._key: int | None = None
        self._handle = ""
        self._start = QPointF()
        self._start_view = QPoint()
        self._before: DraftState | None = None
        self._start_edges = (0.0, 0.0, 0.0, 0.0)

    @property
    def draft(self) -> AnnotationDraft | None:
        return self.scene.draft

    @property
    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        """Switch tools; a drawing in progress is dropped (a move or resize keeps going)."""
        if mode != self._mode and self._drag == "draw":
            self.cancel()
        self._mode = mode
        self._update_cursor(None)

    @property
    def draw_mode(self) -> bool:
        return self._mode == "draw"

    def set_draw_mode(self, on: bool) -> None:
        self.set_mode("draw" if on else "select")

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    # -- the view's tool interface -----------------------------------------------
    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        draft = self.draft
        if not self.enabled or draft is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        self._start, self._start_view = pos, event.position().toPoint()
        self._before = draft.snapshot()
        handle = self.scene.handle_at(self.view, self._start_view)
        if handle is not None:
            self._drag, (self._key, self._handle) = "resize", handle
            self._start_edges = draft.figure(self._key).edges
            return True
        if self._mode == "draw":
            self._drag = "draw"
            self.scene.set_current(None)
            return True
        key = self.scene.box_at(pos)
        self.scene.set_current(key)
        if key is None:
            self._drag = "pan"  # an empty area: move the picture, change nothing
            self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif draft.figure(key).editable:
            self._drag, self._key = "move", key
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        draft = self.draft
        if self._drag is None or draft is None:
            self._update_cursor(event.position().toPoint())
            return False
        if self._drag == "pan":
            here = event.position().toPoint()
            self.view.scroll_by(here - self._start_view)
            self._start_view = here
            return True
        try:
            if self._drag == "draw":
                left, top, right, bottom = self._drawn_edges(draft, pos)
                self.scene.set_preview(QRectF(left, top, right - left, bottom - top))
            else:
                before, key = self._before, self._key
                assert before is not None and key is not None, "press() sets both when a move or resize starts"
                draft.restore(before)  # from the start each time: no creeping at the border
                if self._drag == "move":
                    draft.move_box(key, round(pos.x() - self._start.x()), round(pos.y() - self._start.y()))
                else:
                    draft.set_edges(key, *self._resized_edges(draft, pos))
        except InvalidEdit:
            pass  # the box keeps its last good shape while the mouse is out of reach
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        drag, self._drag = self._drag, None
        draft, before = self.draft, self._before
        if drag is None or draft is None or before is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        self.scene.set_preview(None)
        moved = (event.position().toPoint() - self._start_view).manhattanLength() >= MIN_DRAG_PX
        if drag == "pan":
            pass
        elif drag == "draw":
            if moved:
                self._add(draft, self._drawn_edges(draft, pos))
        elif draft.snapshot() != before:
            self._commit("Move box" if drag == "move" else "Resize box", before)
        self._update_cursor(event.position().toPoint())
        return True

    def cancel(self) -> None:
        """Drop a gesture in progress (Esc, or the item is being replaced)."""
        if self._drag in ("move", "resize") and self.draft is not None and self._before is not None:
            self.draft.restore(self._before)
        self._drag = None
        self.scene.set_preview(None)

    # -- geometry ------------------------------------------------------------------
    def _drawn_edges(self, draft: AnnotationDraft, pos: QPointF) -> tuple[float, float, float, float]:
        return draft.clamp_edges(round(self._start.x()), round(self._start.y()), round(pos.x()), round(pos.y()))

    def _resized_edges(self, draft: AnnotationDraft, pos: QPointF) -> tuple[float, float, float, float]:
        left, top, right, bottom = self._start_edges
        x, y = round(pos.x()), round(pos.y())
        if self._handle.endswith("l"):
            left = x
        elif self._handle.endswith("r"):
            right = x
        if self._handle.startswith("t"):
            top = y
        elif self._handle.startswith("b"):
            bottom = y
        return draft.clamp_edges(left, top, right, bottom)

    def _add(self, draft: AnnotationDraft, edges: tuple[float, float, float, float]) -> None:
        title = self._class_for_new_box()
        if not title:
            self._refuse("Choose a class for the new box first (1–9 or the class list).")
            return
        before = draft.snapshot()
        try:
            figure = draft.add_box(title, *edges)
        except InvalidEdit as exc:
            self._refuse(str(exc))
            return
        self._commit(f"Draw {title} box", before)
        self.scene.set_current(figure.key)

    def _update_cursor(self, view_pos: QPoint | None) -> None:
        viewport = self.view.viewport()
        if not self.enabled:
            viewport.unsetCursor()
            return
        handle = self.scene.handle_at(self.view, view_pos) if view_pos is not None else None
        if handle is not None:
            viewport.setCursor(CURSORS[handle[1]])
        elif self._mode == "draw":
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        elif view_pos is not None and self.scene.box_at(self.view.mapToScene(view_pos), editable_only=True) is not None:
            viewport.setCursor(Qt.CursorShape.SizeAllCursor)
        else:
            viewport.unsetCursor()

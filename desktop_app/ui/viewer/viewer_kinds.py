"""Which viewer shows an item of which project type: one entry per type.

A viewer class takes `(state, sequence, parent, *, window=True)` and has the
ItemViewer's public face (open_item, open_index, current_id, loading,
itemShown/itemFailed/itemSaved, leave_then, editor with dirty/saving/save(),
extra_actions): the viewer opener and the queue work window use any of them.
Another type's viewer is one more entry in VIEWERS: "module:Class", imported
when first asked for (PyAV, numpy and pypcd4 would add ~0.8 s to the start)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.qt.app_state import AppState
from desktop_app.ui.viewer.item_viewer import ItemViewer

VIEWERS: dict[str, str] = {
    "images": "desktop_app.ui.viewer.item_viewer:ItemViewer",
    "videos": "desktop_app.ui.video.video_viewer:VideoViewer",
    "point_clouds": "desktop_app.ui.point_cloud.point_cloud_viewer:PointCloudViewer",
}


def viewer_class(project_type: str | None) -> Any:
    """The viewer for a project type; images' for a type without one of its own."""
    where = VIEWERS.get(project_type or "images")
    if where is None:
        return ItemViewer
    module, name = where.split(":")
    return getattr(import_module(module), name)


def make_viewer(
    state: AppState,
    project_type: str | None,
    sequence: ItemSequence | None = None,
    parent: QWidget | None = None,
    *,
    window: bool = True,
) -> Any:
    return viewer_class(project_type)(state, sequence, parent, window=window)

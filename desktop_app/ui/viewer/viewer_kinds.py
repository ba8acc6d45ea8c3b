"""Which viewer shows an item of which project type: one entry per type.

A viewer class takes `(state, sequence, parent, *, window=True)` and has the
ItemViewer's public face (open_item, open_index, current_id, loading,
itemShown/itemFailed/itemSaved, leave_then, editor with dirty/saving/save(),
extra_actions): the viewer opener and the queue work window use any of them.
Another type's viewer is one more entry in VIEWERS."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.qt.app_state import AppState
from desktop_app.ui.point_cloud.point_cloud_viewer import PointCloudViewer
from desktop_app.ui.video.video_viewer import VideoViewer
from desktop_app.ui.viewer.item_viewer import ItemViewer

VIEWERS: dict[str, Any] = {
    "images": ItemViewer,
    "videos": VideoViewer,
    "point_clouds": PointCloudViewer,
}


def viewer_class(project_type: str | None) -> Any:
    """The viewer for a project type; images' for a type without one of its own."""
    return VIEWERS.get(project_type or "images", ItemViewer)


def make_viewer(
    state: AppState,
    project_type: str | None,
    sequence: ItemSequence | None = None,
    parent: QWidget | None = None,
    *,
    window: bool = True,
) -> Any:
    return viewer_class(project_type)(state, sequence, parent, window=window)

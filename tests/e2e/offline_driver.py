"""Drive the real window through a session of edits while its server is
stopped, and bring the server back on the same database (tests/e2e/test_offline_edits.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt

from desktop_app.domain.browse_scope import Scope
from desktop_app.server.embedded import EmbeddedServer
from desktop_app.ui.collections.add_to_collection_dialog import AddToCollectionDialog
from tests.e2e.test_delete_items import select_ids
from tests.qt.app_fixtures import DemoWorld
from tests.ui.collection_helpers import make_collection, run
from tests.ui.viewer_helpers import drag, wait_shown, zoom_on

MOMENT = 2.5  # s: the longest any offline edit may keep the user waiting (QUICK_CHECK is 1 s)
STATE: list = []


@dataclass
class OfflineEdits:
    """What the offline session did, to check the server against afterwards."""

    keep_id: int
    hard_id: int
    hard_before: set[int]
    added: list[int]
    removed: list[int]
    annotated: int
    objects_before: int
    slowest: float  # s: the longest an edit kept the user waiting


def timed(qtbot, start, done, timeout: int = 20_000) -> float:
    began = time.monotonic()
    start()
    qtbot.waitUntil(done, timeout=timeout)
    took = time.monotonic() - began
    return took


def edit_offline(qtbot, qloop, live, window) -> OfflineEdits:
    """With the window open online: open a collection and an item, then stop the server
    and add, remove, rename and annotate through the window's own actions."""
    state = window.state
    STATE[:] = [state]
    ids = [i.id for i in run(qtbot, qloop, state.api.images.list(project_id=state.project.id))]
    keep = make_collection(qtbot, qloop, state, "Keep")
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:6])
    # what the user looked at before the network went: the collection and one item
    window.sidebar.select_scope(Scope.collection(hard.id))
    qtbot.waitUntil(lambda: window.browse.total == 6, timeout=10_000)
    annotated = ids[0]
    window.viewer_opener.open_item(annotated)
    viewer = window.viewer_opener.viewer
    wait_shown(qtbot, viewer, annotated)
    objects_before = len(run(qtbot, qloop, state.api.annotations.info(annotated)).raw["annotation"]["objects"])

    live.server.stop()  # the server is gone: connections are refused from now on
    slowest = 0.0

    # remove two items from the collection shown
    window.activateWindow()
    removed = ids[:2]
    select_ids(qtbot, window, removed)
    n = len(state.outbox.pending())
    slowest = max(
        slowest, timed(qtbot, window.collection_actions.remove_action.trigger, lambda: len(state.outbox.pending()) > n)
    )

    # add three items to "Keep" with the dialog: the preview says they will be checked later
    added = ids[3:6]
    select_ids(qtbot, window, added)
    actions = window.collection_actions

    def dialog_ready() -> bool:
        dialog = actions.dialog
        return (
            isinstance(dialog, AddToCollectionDialog)
            and dialog.preview is not None
            and dialog.preview.collection_id == keep.id
        )

    slowest = max(
        slowest, timed(qtbot, actions.add_action.trigger, lambda: isinstance(actions.dialog, AddToCollectionDialog))
    )
    dialog = actions.dialog
    slowest = max(slowest, timed(qtbot, lambda: dialog.picker.select_collection(keep.id), dialog_ready))
    assert dialog.preview.collection_id == keep.id
    assert "3 queued; will be checked when the server is back" in dialog.preview_label.text()
    n = len(state.outbox.pending())
    slowest = max(slowest, timed(qtbot, dialog.ok_button.click, lambda: len(state.outbox.pending()) > n))

    # rename the collection shown
    window.sidebar.rename_action.trigger()
    rename = window.sidebar.dialog
    rename.name_edit.setText("Very hard cases")
    qtbot.waitUntil(rename.ok_button.isEnabled, timeout=5000)
    n = len(state.outbox.pending())
    slowest = max(slowest, timed(qtbot, rename.ok_button.click, lambda: len(state.outbox.pending()) > n))

    # draw a box on the open item and save it (Ctrl+S)
    with qtbot.waitActive(viewer):  # its shortcuts need the active window
        viewer.activateWindow()
    zoom_on(qtbot, viewer, 80, 90)
    editor = viewer.editor
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert editor.tool.draw_mode
    drag(viewer, (10, 20), (110, 120))
    assert editor.dirty
    slowest = max(
        slowest,
        timed(
            qtbot,
            lambda: qtbot.keyClick(viewer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
            lambda: editor.last_status == "queued" and not editor.saving,
        ),
    )
    return OfflineEdits(keep.id, hard.id, set(ids[:6]), added, removed, annotated, objects_before, slowest)


def server_back(live) -> EmbeddedServer:
    """The server again, on the same database and data folder (a new port, as after a restart)."""
    return EmbeddedServer(live.server.settings).start()


def world_at(demo: DemoWorld, server: EmbeddedServer) -> DemoWorld:
    return DemoWorld(demo.summary, server.url)

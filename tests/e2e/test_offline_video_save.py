"""A video annotation saved while the server is stopped, in the real window:
queued at once (the viewer says so), still there after the app is closed, and
on the server after the next start with the server back on its database."""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import Qt

from desktop_app.ui.video.video_viewer import VideoViewer
from tests.e2e.offline_driver import MOMENT, server_back, world_at
from tests.e2e.test_video_window import double_click_row
from tests.e2e.window_driver import close_window, open_window
from tests.qt.video_fixtures import video_project  # noqa: F401
from tests.ui.collection_helpers import run
from tests.ui.test_video_viewer import drawn, wait_frame
from tests.ui.viewer_helpers import drag

BOX = (100, 120, 140, 170)


def test_a_video_box_saved_offline_reaches_the_server_on_the_next_start(
    qtbot, qloop, demo, live, video_project, tmp_path
):
    home = tmp_path / "home"
    window = open_window(qtbot, demo, home)
    window.open_project(video_project.project_id)
    qtbot.waitUntil(lambda: window.browse.total == 4 and window.browse.model.item_at(0) is not None, timeout=15000)
    double_click_row(window, 0)
    viewer = window.viewer_opener.viewer
    assert isinstance(viewer, VideoViewer)
    video_id = video_project.video_ids[0]
    qtbot.waitUntil(lambda: viewer.current_id == video_id and viewer.editor.draft is not None, timeout=15000)
    viewer.show_frame(5)
    wait_frame(qtbot, viewer, 5)

    live.server.stop()
    viewer.view.set_zoom(1.0)
    viewer.view.centerOn(160, 90)
    viewer.editor.choose_class(1)  # person
    viewer.editor.tool.set_draw_mode(True)
    drag(viewer, BOX[:2], BOX[2:])
    assert ("person", BOX) in drawn(viewer)
    began = time.monotonic()
    with qtbot.waitActive(viewer):
        viewer.activateWindow()
    qtbot.keyClick(viewer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.editor.last_status == "queued" and not viewer.editor.saving, timeout=5000)
    assert time.monotonic() - began < MOMENT
    qtbot.waitUntil(lambda: window.status.outbox_button.text() == "1 edit waiting for the server", timeout=5000)
    close_window(qtbot, qloop, window)

    server = server_back(live)
    try:
        window = open_window(qtbot, world_at(demo, server), home)
        state = window.state
        qtbot.waitUntil(lambda: not state.outbox.pending(), timeout=20_000)
        assert not state.outbox.failed()
        annotation = run(qtbot, qloop, state.api.videos.annotation(video_project.dataset_ids["day"], video_id))
        on_frame_5 = [
            (annotation.object(f.object_key).class_title, f.edges()) for f in annotation.figures if f.frame == 5
        ]
        assert on_frame_5.count(("person", BOX)) == 1  # saved, once
        for v in window.viewer_opener.viewers.values():
            if shiboken6.isValid(v):
                v.editor.discard()
        close_window(qtbot, qloop, window)
    finally:
        server.stop()

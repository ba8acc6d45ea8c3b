"""A point-cloud tag edit saved while the server is stopped, in the real
window: queued at once, kept when the app is closed, and on the server after
the next start with the server back on its database."""

from __future__ import annotations

import time

import httpx
import shiboken6
from PySide6.QtCore import Qt

from desktop_app.ui.point_cloud.point_cloud_viewer import PointCloudViewer
from tests.e2e.offline_driver import MOMENT, server_back, world_at
from tests.e2e.test_video_window import double_click_row
from tests.e2e.window_driver import close_window, open_window
from tests.ui.point_cloud_world import CLOUDS, cloud_world  # noqa: F401


def server_tags(url: str, world, cloud_id: int) -> list[tuple[str, object]]:
    with httpx.Client(base_url=url, timeout=10) as http:
        answer = http.post(
            "/public/api/v3/point-clouds.annotations.bulk.info",
            json={"datasetId": world.dataset_id, "pointCloudIds": [cloud_id]},
            headers={"x-api-key": world.token},
        )
    assert answer.status_code == 200, answer.text
    return sorted((t["name"], t.get("value")) for t in answer.json()[0]["tags"])


def test_a_point_cloud_tag_saved_offline_reaches_the_server_on_the_next_start(
    qtbot, qloop, demo, live, cloud_world, tmp_path
):
    home = tmp_path / "home"
    window = open_window(qtbot, demo, home)
    window.open_project(cloud_world.project_id)
    qtbot.waitUntil(lambda: window.browse.total == CLOUDS and window.browse.model.item_at(0) is not None, timeout=15000)
    double_click_row(window, 0)
    viewer = window.viewer_opener.viewer
    assert isinstance(viewer, PointCloudViewer)
    cloud_id = cloud_world.cloud_ids[0]
    qtbot.waitUntil(lambda: viewer.current_id == cloud_id and viewer.editor.draft is not None, timeout=15000)

    live.server.stop()
    tags = viewer.editor.cloud_tags
    tags.choose("weather", "rain")
    tags.add_button.click()
    assert viewer.editor.dirty
    with qtbot.waitActive(viewer):
        viewer.activateWindow()
    began = time.monotonic()
    qtbot.keyClick(viewer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.editor.last_status == "queued" and not viewer.editor.dirty, timeout=5000)
    assert time.monotonic() - began < MOMENT
    qtbot.waitUntil(lambda: window.status.outbox_button.text() == "1 edit waiting for the server", timeout=5000)
    close_window(qtbot, qloop, window)

    server = server_back(live)
    try:
        window = open_window(qtbot, world_at(demo, server), home)
        state = window.state
        qtbot.waitUntil(lambda: not state.outbox.pending(), timeout=20_000)
        assert not state.outbox.failed()
        assert server_tags(server.url, cloud_world, cloud_id) == [("weather", "rain")]
        for v in window.viewer_opener.viewers.values():
            if shiboken6.isValid(v):
                v.editor.discard()
        close_window(qtbot, qloop, window)
    finally:
        server.stop()

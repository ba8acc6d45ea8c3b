"""The main window on a point-cloud project, as the README tells it: the
project list marks it, the gallery shows each scan's point count, a
double-click opens the point-cloud viewer with the scan's points and cuboids,
and Next steps to the following scan of the list."""

from __future__ import annotations

import pytest
import shiboken6

from desktop_app.ui.connection.project_chooser import TypeRole
from desktop_app.ui.point_cloud.point_cloud_viewer import PointCloudViewer
from tests.e2e.test_video_window import double_click_row
from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import demo  # noqa: F401
from tests.ui.point_cloud_world import CLOUDS, POINTS, cloud_world  # noqa: F401


@pytest.fixture
def window(qloop, qtbot, demo, cloud_world, tmp_path):
    win = open_window(qtbot, demo, tmp_path)
    yield win
    if shiboken6.isValid(win):
        close_window(qtbot, qloop, win)


def test_a_point_cloud_project_opens_its_scans_in_the_point_cloud_viewer(window, demo, cloud_world, qtbot):
    combo = window.chooser.project_combo
    qtbot.waitUntil(lambda: combo.findData(cloud_world.project_id) >= 0, timeout=10000)
    assert combo.itemData(combo.findData(cloud_world.project_id), TypeRole) == "point_clouds"

    window.open_project(cloud_world.project_id)
    browse = window.browse
    qtbot.waitUntil(lambda: browse.total == CLOUDS and browse.model.item_at(0) is not None, timeout=15000)
    assert browse.model.item_at(0).points_count == POINTS
    double_click_row(window, 0)
    viewer = window.viewer_opener.viewer
    assert isinstance(viewer, PointCloudViewer) and viewer.isVisible()
    qtbot.waitUntil(
        lambda: viewer.current_id == cloud_world.cloud_ids[0] and viewer.view.point_count == POINTS, timeout=15000
    )
    assert len(viewer.view.top.cuboids) == 3
    viewer.next_item()
    qtbot.waitUntil(lambda: viewer.current_id == cloud_world.cloud_ids[1], timeout=15000)
    viewer.close()

"""The main window on a video project: the project chooser marks each
project's type, the gallery lists the videos, a double-click opens the video
viewer (not the image viewer), and back on the image project the image
viewer opens again."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGroupBox

from desktop_app.ui.connection.project_chooser import TypeRole
from desktop_app.ui.video.video_viewer import VideoViewer
from desktop_app.ui.viewer.item_viewer import ItemViewer
from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import demo  # noqa: F401
from tests.qt.video_fixtures import video_project  # noqa: F401


@pytest.fixture
def window(qloop, qtbot, demo, video_project, tmp_path):
    win = open_window(qtbot, demo, tmp_path)
    yield win
    for viewer in win.viewer_opener.viewers.values():
        if shiboken6.isValid(viewer):
            viewer.editor.discard()
    if shiboken6.isValid(win):
        close_window(qtbot, qloop, win)


def double_click_row(window, row: int) -> None:
    gallery = window.views.gallery
    rect = gallery.visualRect(window.browse.model.index(row, 0))
    QTest.mouseDClick(gallery.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def test_a_video_project_opens_its_videos_in_the_video_viewer(window, demo, video_project, qtbot):
    assert window.state.project.id == demo.summary.project_id  # the first start opens the image demo
    combo = window.chooser.project_combo
    qtbot.waitUntil(lambda: combo.findData(video_project.project_id) >= 0, timeout=10000)
    types = {combo.itemData(i): combo.itemData(i, TypeRole) for i in range(combo.count())}
    assert types[demo.summary.project_id] == "images" and types[video_project.project_id] == "videos"
    assert not combo.itemIcon(combo.findData(video_project.project_id)).isNull()

    tags_section = window.filters.findChild(QGroupBox, "section-tags")
    assert tags_section.title() == "Image tags"
    window.open_project(video_project.project_id)
    browse = window.browse
    qtbot.waitUntil(lambda: browse.total == 4 and browse.model.item_at(0) is not None, timeout=15000)
    assert tags_section.title() == "Video tags"  # the filter names the project's items
    double_click_row(window, 1)
    viewer = window.viewer_opener.viewer
    assert isinstance(viewer, VideoViewer) and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.current_id == video_project.video_ids[1] and viewer.shown_frame == 0, timeout=15000)

    window.open_project(demo.summary.project_id)  # the clean video viewer closes with its project
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: browse.item_type == "images" and browse.model.item_at(0) is not None, timeout=15000)
    double_click_row(window, 0)
    image_viewer = window.viewer_opener.viewer
    assert type(image_viewer) is ItemViewer and image_viewer.isVisible()

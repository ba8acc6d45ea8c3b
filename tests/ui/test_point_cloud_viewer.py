"""The point-cloud viewer on the real bundled server (SQLite file): it opens a
cloud of the gallery's list, shows all its points and the cuboids of its
annotation (predictions apart), its objects and tags; R / 1 / 2 / 3 change
the view; a tag edit is saved through the outbox and the server's
point-clouds.annotations.bulk.info returns it; undo brings the edit back
before saving; stepping to the next item loads it, and with unsaved edits
it asks first (Discard drops them; Cancel stays)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.ui.point_cloud.point_cloud_viewer import PointCloudViewer
from desktop_app.ui.point_cloud.projection_view import ProjectionView
from tests.qt.browse_helpers import qt_owned  # noqa: F401
from tests.ui.point_cloud_world import CLOUDS, POINTS, annotation_of, cloud_state, cloud_world  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def make_cloud_viewer(qtbot, state, owned) -> PointCloudViewer:
    controller = BrowseController(state)
    owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    viewer = PointCloudViewer(state, BrowseSequence(controller))
    qtbot.addWidget(viewer)
    owned(viewer)
    with qtbot.waitActive(viewer):  # window shortcuts need the active window
        viewer.show()
        viewer.activateWindow()
    return viewer


def wait_cloud(qtbot, viewer: PointCloudViewer, cloud_id: int) -> None:
    qtbot.waitUntil(
        lambda: not viewer.loading and viewer.current_id == cloud_id and viewer.editor.draft is not None,
        timeout=15000,
    )


def server_tags(live, world, cloud_id: int) -> list[tuple[str, object]]:
    answer = live.call(
        "point-clouds.annotations.bulk.info",
        {"datasetId": world.dataset_id, "pointCloudIds": [cloud_id]},
        token=world.token,
    )
    assert answer.status_code == 200, answer.text
    return sorted((t["name"], t.get("value")) for t in answer.json()[0]["tags"])


@pytest.fixture
def viewer(qtbot, cloud_state, qt_owned, cloud_world):
    viewer = make_cloud_viewer(qtbot, cloud_state, qt_owned)
    viewer.open_item(cloud_world.cloud_ids[0])
    wait_cloud(qtbot, viewer, cloud_world.cloud_ids[0])
    yield viewer
    if shiboken6.isValid(viewer):
        viewer.editor.discard()


def test_the_viewer_shows_the_points_the_cuboids_and_the_tags_the_server_holds(viewer, cloud_world):
    view = viewer.view
    assert isinstance(view, ProjectionView)  # offscreen: no OpenGL, and the note says so
    assert "offscreen" in view.note.text() and view.note.isVisible()
    assert view.point_count == POINTS and view.top.point_count == POINTS
    expected = annotation_of(0)
    assert len(view.top.cuboids) == len(expected["figures"]) == 3
    assert sorted((c.class_title, c.predicted) for c in view.top.cuboids) == [
        ("car", False),
        ("car_pred", True),
        ("pedestrian", False),
    ]
    car = next(c for c in view.top.cuboids if c.class_title == "car")
    assert car.color == "#E53935" and car.cuboid.position == (5.0, 3.0, 0.8)
    rows = viewer.editor.object_rows()
    assert ("car_pred", "Prediction 0.87", "") in rows and ("car", "Ground truth", "") in rows
    assert viewer.editor.cloud_tags.tag_texts() == ["weather: sunny"]
    assert f"{POINTS:,}" in viewer.editor.info.text()
    assert "scan_0.pcd" in viewer.title.text() and viewer.position.text() == f"1 / {CLOUDS}"
    viewer.act_pred.trigger()  # P: predictions hidden
    assert [c.class_title for c in view.top.cuboids] == ["car", "pedestrian"]
    viewer.act_pred.trigger()
    assert len(view.top.cuboids) == 3


def test_r_1_2_3_change_the_view(viewer, qtbot):
    view = viewer.view
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert view.view_name == "top" and view.splitter.sizes()[0] > view.splitter.sizes()[1]
    qtbot.keyClick(viewer, Qt.Key.Key_3)
    assert view.view_name == "front" and view.elevation.plane == "front"
    assert view.splitter.sizes()[1] > view.splitter.sizes()[0]
    qtbot.keyClick(viewer, Qt.Key.Key_2)
    assert view.view_name == "side" and view.elevation.plane == "side"
    view.top.zoom(3.0)
    zoomed = view.top.scale
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert view.view_name == "reset" and view.top.scale < zoomed


def test_a_tag_edit_is_saved_and_the_server_returns_it(viewer, qtbot, live, cloud_world):
    cloud_id = cloud_world.cloud_ids[0]
    tags = viewer.editor.cloud_tags
    tags.choose("weather", "rain")
    tags.add_button.click()
    tags.choose("checked")
    tags.add_button.click()
    assert sorted(tags.tag_texts()) == ["checked", "weather: rain"]
    assert viewer.editor.dirty and "•" in viewer.title.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)  # undo the last step: "checked" goes again
    assert tags.tag_texts() == ["weather: rain"]
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)
    assert tags.tag_texts() == ["weather: sunny"] and not viewer.editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_Y, CTRL)
    qtbot.keyClick(viewer, Qt.Key.Key_Y, CTRL)
    assert sorted(tags.tag_texts()) == ["checked", "weather: rain"]
    with qtbot.waitSignal(viewer.itemSaved, timeout=10000):
        qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    assert not viewer.editor.dirty and viewer.editor.status.text() == "Saved"
    assert server_tags(live, cloud_world, cloud_id) == [("checked", None), ("weather", "rain")]
    remove = tags.remove_button("checked")
    assert remove is not None
    remove.click()
    with qtbot.waitSignal(viewer.itemSaved, timeout=10000):
        viewer.editor.save_button.click()
    assert server_tags(live, cloud_world, cloud_id) == [("weather", "rain")]
    answer = live.call(
        "point-clouds.annotations.bulk.info",
        {"datasetId": cloud_world.dataset_id, "pointCloudIds": [cloud_id]},
        token=cloud_world.token,
    ).json()[0]
    assert len(answer["objects"]) == 3 and len(answer["figures"]) == 3  # the cuboids went back untouched


def test_a_bad_tag_value_is_refused_in_words_and_changes_nothing(viewer):
    before = viewer.editor.draft.snapshot()
    viewer.editor.cloud_tags.addRequested.emit("weather", "snow")
    assert "not a value" in viewer.editor.status.text() and "not a value" in viewer.message.text()
    assert viewer.editor.draft.snapshot() == before and not viewer.editor.dirty


def test_stepping_loads_the_next_cloud_and_asks_about_unsaved_tags(viewer, qtbot, cloud_world):
    ids = cloud_world.cloud_ids
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    wait_cloud(qtbot, viewer, ids[1])
    assert len(viewer.view.top.cuboids) == 2  # cloud 1 has no prediction
    pedestrian = next(c for c in viewer.view.top.cuboids if c.class_title == "pedestrian")
    assert pedestrian.cuboid.position[1] == -3.0  # cloud 1's own annotation
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    wait_cloud(qtbot, viewer, ids[2])
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    wait_cloud(qtbot, viewer, ids[1])

    viewer.editor.cloud_tags.addRequested.emit("checked", None)
    assert viewer.editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    viewer.prompt.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: viewer.prompt is None, timeout=5000)
    assert viewer.current_id == ids[1] and viewer.editor.dirty  # Cancel: nothing lost, still here
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    viewer.prompt.button(QMessageBox.StandardButton.Discard).click()
    wait_cloud(qtbot, viewer, ids[2])
    assert not viewer.editor.dirty


def test_closing_with_unsaved_tags_saves_them_when_asked(viewer, qtbot, live, cloud_world):
    viewer.editor.cloud_tags.addRequested.emit("checked", None)
    viewer.close()
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    assert viewer.isVisible()
    viewer.prompt.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=10000)
    assert server_tags(live, cloud_world, cloud_world.cloud_ids[0]) == [("checked", None), ("weather", "sunny")]

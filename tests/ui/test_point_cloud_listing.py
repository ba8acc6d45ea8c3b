"""A point-cloud project in the gallery and the table, on the real bundled
server: point clouds are listed through point-clouds.list with their point
counts, tiles get the server's rendering and no boxes (cuboids are 3D)."""

from __future__ import annotations

import pytest

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.gallery_view import GalleryView
from desktop_app.ui.browse.table_view import LENGTH_COLUMN, ItemTableView
from tests.qt.browse_helpers import qt_owned  # noqa: F401
from tests.server.pcd_world import build_pcd_world


@pytest.fixture
def scans(live, demo):
    return build_pcd_world(live, {"p1": demo.summary.project_id})  # next to the image demo, in its workspace


@pytest.fixture
def pcd_state(qloop, qtbot, demo, scans, tmp_path):
    state = AppState(ApiClient(demo.url, demo.token), tmp_path / "outbox.sqlite")
    state.start()
    task = qloop.create_task(state.open_project(scans["project"]))
    qtbot.waitUntil(task.done, timeout=10000)
    task.result()
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)


def test_a_point_cloud_project_lists_its_point_counts(pcd_state, scans, qtbot, qt_owned):
    controller = BrowseController(pcd_state)
    qt_owned(controller)
    assert controller.item_type == "point_clouds"
    gallery = GalleryView(controller)
    qtbot.addWidget(gallery)
    qt_owned(gallery)
    gallery.resize(800, 500)
    gallery.show()
    model = controller.model
    qtbot.waitUntil(lambda: controller.total == 5 and model.item_at(4) is not None, timeout=10000)
    ids = [model.item_at(r).id for r in range(5)]
    assert ids == scans.clouds["scans1"] + scans.clouds["scans2"]
    first = model.item_at(0)
    assert first.points_count == 2500 and first.frames_count is None
    assert gallery._delegate.badge_text(first) == "2,500 points"
    assert model.index(0, LENGTH_COLUMN).data() == "2,500 points"

    preview = gallery._delegate.preview
    qtbot.waitUntil(lambda: gallery.loader.cache.get((first.id, preview)) is not None, timeout=10000)
    assert gallery.overlay.boxes(first) is None  # labelled: asked, and answered without boxes
    qtbot.waitUntil(lambda: gallery.overlay.boxes(first) == (), timeout=10000)

    table = ItemTableView(controller)
    qtbot.addWidget(table)
    qt_owned(table)
    assert not table.isColumnHidden(LENGTH_COLUMN)

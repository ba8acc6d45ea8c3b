"""A save from a queue work window refreshes the main window's tile and row of
that item (boxes on the thumbnail, label count) without a restart, and F5
refetches tile boxes even when they were cached (issue 11, item 3)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop_app.ui.queues.queue_work_window import QueueWorkWindow
from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import demo  # noqa: F401
from tests.qt.browse_helpers import wait_rows_loaded
from tests.ui.collection_helpers import run
from tests.ui.viewer_helpers import CTRL, drag, server_annotation, wait_shown, zoom_on


@pytest.fixture
def window(qloop, qtbot, demo, tmp_path):
    win = open_window(qtbot, demo, tmp_path)
    qtbot.waitUntil(lambda: win.browse.total and win.browse.model.item_at(0) is not None, timeout=10000)
    yield win
    if shiboken6.isValid(win):
        close_window(qtbot, qloop, win)


def unlabeled_row(qtbot, window) -> int:
    model = window.browse.model
    rows = list(range(min(12, model.rowCount())))  # on screen
    wait_rows_loaded(qtbot, window.browse, rows)
    return next(r for r in rows if model.item_at(r).labels_count == 0)


def tile(window, row: int) -> QImage:
    gallery = window.views.gallery
    gallery.viewport().repaint()
    rect = gallery.visualRect(window.browse.model.index(row, 0))
    return gallery.viewport().grab(rect).toImage()


def wait_tile_boxes(qtbot, window, row: int, count: int) -> None:
    gallery, model = window.views.gallery, window.browse.model

    def shown() -> bool:
        image = model.item_at(row)  # None while F5's reload fetches the page again
        boxes = gallery.overlay.boxes(image) if image is not None else None
        return boxes is not None and len(boxes) == count

    qtbot.waitUntil(shown, timeout=10000)
    key = (model.item_at(row).id, gallery._delegate.preview)
    qtbot.waitUntil(lambda: gallery.loader.cache.get(key) is not None, timeout=10000)  # the picture under them


def test_a_save_in_the_queue_work_window_refreshes_the_tile_and_row(window, qloop, qtbot):
    state, model = window.state, window.browse.model
    window.views.set_view_mode("gallery")
    window.views.set_show_boxes(True)
    row = unlabeled_row(qtbot, window)
    item_id = model.item_at(row).id
    wait_tile_boxes(qtbot, window, row, 0)
    before = tile(window, row)

    me = state.user.id
    collection = run(qtbot, qloop, state.api.collections.create(state.project.id, "one to fix"))
    run(qtbot, qloop, state.api.collections.add_items(collection.id, [item_id]))
    queue_id = run(qtbot, qloop, state.api.queues.create("Fix one", [me], [me], collection_id=collection.id))
    queue = run(qtbot, qloop, state.api.queues.info(queue_id))
    work = QueueWorkWindow(state, queue, "labeler", window)
    qtbot.addWidget(work)
    with qtbot.waitActive(work):
        work.show()
        work.activateWindow()
    qtbot.waitUntil(lambda: work.entity is not None and not work._busy, timeout=10000)
    wait_shown(qtbot, work.viewer, item_id)
    zoom_on(qtbot, work.viewer, 50, 50)
    qtbot.keyClick(work, Qt.Key.Key_R)
    drag(work.viewer, (10, 12), (70, 80))
    qtbot.keyClick(work, Qt.Key.Key_S, CTRL)  # a plain save; the item stays in the window
    qtbot.waitUntil(lambda: len(server_annotation(qloop, qtbot, state, item_id).objects) == 1, timeout=10000)

    qtbot.waitUntil(lambda: model.item_at(row).labels_count == 1, timeout=10000)  # the row
    wait_tile_boxes(qtbot, window, row, 1)  # the tile's boxes, fetched again
    assert tile(window, row) != before  # and the tile shows it
    work.viewer.editor.discard()
    work.close()


def test_f5_refetches_cached_tile_boxes(window, qloop, qtbot):
    """Someone else saves: F5 shows it, though the boxes of that tile were cached."""
    state, model = window.state, window.browse.model
    window.views.set_view_mode("gallery")
    window.views.set_show_boxes(True)
    row = unlabeled_row(qtbot, window)
    image = model.item_at(row)
    item_id = image.id
    wait_tile_boxes(qtbot, window, row, 0)
    current = server_annotation(qloop, qtbot, state, item_id)
    data = current.to_json()
    car = next(c for c in state.meta.classes if c.title == "car")
    data["objects"] = [
        {"classTitle": car.title, "tags": [], "geometryType": "rectangle",
         "points": {"exterior": [[5, 5], [60, 60]], "interior": []}}
    ]  # fmt: skip
    run(qtbot, qloop, state.api.annotations.upload(current.dataset_id, {item_id: data}))
    assert len(window.views.gallery.overlay.boxes(image)) == 0  # cached: still the old tile

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.views.gallery, Qt.Key.Key_F5)
    wait_tile_boxes(qtbot, window, row, 1)
    qtbot.waitUntil(lambda: model.item_at(row).labels_count == 1, timeout=10000)

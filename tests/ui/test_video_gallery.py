"""A video project in the gallery and the table, on the real bundled server:
videos are listed through videos.list with their length ("0:03 · 36 f"), a
class filter narrows them, tiles get their preview frame and the boxes of
that frame, and adding to / removing from a collection works on videos as on
images (with undo)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.gallery_view import GalleryView
from desktop_app.ui.browse.table_view import LENGTH_COLUMN, ItemTableView
from desktop_app.ui.collections.collection_actions import CollectionActions
from tests.fixtures.video_clips import square_box
from tests.qt.browse_helpers import qt_owned  # noqa: F401
from tests.qt.video_fixtures import HEIGHT, PERSON_FRAMES, WIDTH, video_project, video_state  # noqa: F401
from tests.ui.collection_helpers import make_collection, run, settle


def shown_ids(controller: BrowseController) -> list[int]:
    model = controller.model
    return [model.item_at(r).id for r in range(model.rowCount()) if model.item_at(r) is not None]


def wait_list(qtbot, controller: BrowseController, count: int) -> None:
    qtbot.waitUntil(
        lambda: controller.total == count and len(shown_ids(controller)) == count and not controller.loading,
        timeout=10000,
    )


def test_a_video_project_lists_its_videos_with_their_length(video_state, video_project, qtbot, qt_owned):
    controller = BrowseController(video_state)
    qt_owned(controller)
    assert controller.item_type == "videos"
    gallery = GalleryView(controller)
    qtbot.addWidget(gallery)
    qt_owned(gallery)
    gallery.resize(800, 500)
    gallery.show()
    wait_list(qtbot, controller, 4)
    assert shown_ids(controller) == video_project.video_ids
    first = controller.model.item_at(0)
    assert (first.frames_count, first.width, first.height) == (36, WIDTH, HEIGHT)
    assert first.duration == 3.0 and first.frame_rate == 12.0
    assert gallery._delegate.badge_text(first) == "0:03 · 36 f"
    assert controller.model.index(0, LENGTH_COLUMN).data() == "0:03 · 36 f"

    # the tile's picture is the server's JPEG of the preview frame
    preview = gallery._delegate.preview
    qtbot.waitUntil(lambda: gallery.loader.cache.get((first.id, preview)) is not None, timeout=10000)
    assert gallery.loader.cache.get((first.id, preview)).width() == preview

    # the tile's boxes are those of the preview frame (videos.annotations.bulk.info)
    assert gallery.overlay.boxes(first) is None  # asked for now, answered later
    qtbot.waitUntil(lambda: gallery.overlay.boxes(first) is not None, timeout=10000)
    boxes = gallery.overlay.boxes(first)
    car = next(b for b in boxes if b.class_title == "car")
    left, top, right, bottom = square_box(0)
    assert (car.left, car.top, car.right, car.bottom) == (left / WIDTH, top / HEIGHT, right / WIDTH, bottom / HEIGHT)
    assert not car.predicted and car.class_id == video_project.class_ids["car"]  # drawn in the class colour
    assert next(b for b in boxes if b.class_title == "car_pred").predicted
    assert "person" not in {b.class_title for b in boxes}  # the person is on frames 10-20 only

    table = ItemTableView(controller)
    qtbot.addWidget(table)
    qt_owned(table)
    assert not table.isColumnHidden(LENGTH_COLUMN)
    assert table.horizontalHeader().visualIndex(LENGTH_COLUMN) == 3  # next to the frame size


def test_a_class_filter_narrows_the_videos(video_state, video_project, qtbot, qt_owned):
    controller = BrowseController(video_state)
    qt_owned(controller)
    wait_list(qtbot, controller, 4)
    controller.set_filter(FilterSpec(classes_present=(video_project.class_ids["person"],)))
    wait_list(qtbot, controller, 1)
    assert shown_ids(controller) == video_project.video_ids[:1]
    assert min(PERSON_FRAMES) > 0  # the person is not on the preview frame, yet the video has it
    controller.set_filter(FilterSpec(datasets=(video_project.dataset_ids["night"],)))
    wait_list(qtbot, controller, 1)
    assert shown_ids(controller) == video_project.video_ids[3:]


def test_add_videos_to_a_collection_remove_them_and_undo(video_state, video_project, qtbot, qloop, qt_owned):
    state = video_state
    controller = BrowseController(state)
    qt_owned(controller)
    wait_list(qtbot, controller, 4)
    host = QWidget()
    host.setLayout(QVBoxLayout())
    qtbot.addWidget(host)
    actions = CollectionActions(state, controller.matching_ids, controller.selected_ids, lambda: controller.scope, host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    picked = make_collection(qtbot, qloop, state, "Picked clips")
    actions.set_target(picked.id)

    controller.select_rows([1, 2])
    qtbot.keyClick(host, Qt.Key.Key_T)
    settle(qtbot, state)
    ids = video_project.video_ids
    controller.set_scope(Scope.collection(picked.id))
    wait_list(qtbot, controller, 2)  # the collection's items, listed through videos.list
    assert shown_ids(controller) == ids[1:3]

    controller.select_rows([0])
    qtbot.keyClick(host, Qt.Key.Key_Backspace)
    settle(qtbot, state)
    qtbot.waitUntil(lambda: shown_ids(controller) == ids[2:3], timeout=10000)
    assert state.undo_stack.undoText() == "Remove 1 item from “Picked clips”"

    state.undo_stack.undo()
    settle(qtbot, state)
    qtbot.waitUntil(lambda: shown_ids(controller) == ids[1:3], timeout=10000)
    items = run(qtbot, qloop, state.api.videos.list(project_id=state.project.id, collection_id=picked.id))
    assert sorted(v.id for v in items) == ids[1:3]


def test_deleting_videos_plans_through_videos_list(video_state, video_project, qtbot, qloop):
    state = video_state
    ids = video_project.video_ids
    deletion = state.services.deletion
    names = {d.id: d.name for d in state.datasets}
    plan = run(qtbot, qloop, deletion.plan(state.project.id, ids[2:], names, [], [], project_type="videos"))
    assert plan.ids == tuple(ids[2:]) and plan.datasets == (("day", 1), ("night", 1))
    run(qtbot, qloop, deletion.deletion(plan.ids).run())
    left = run(qtbot, qloop, state.api.videos.list(project_id=state.project.id))
    assert [v.id for v in left] == ids[:2]

"""The box editor on the real demo server, driven with real mouse and key
events: draw, move, resize, reclassify and delete a box with undo/redo, save
it and read it back from the server; tags from the side panel; saving to the
dataset of origin while browsing a collection."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.browse_controller import BrowseController
from tests.qt.browse_helpers import qt_owned, run, wait_rows_loaded  # noqa: F401
from tests.ui.viewer_helpers import (
    CTRL,
    boxes,
    draft_boxes,
    drag,
    make_viewer,
    open_row,
    server_annotation,
    wait_shown,
    zoom_on,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def row_where(qtbot, controller, predicate) -> int:
    rows = list(range(controller.total))
    wait_rows_loaded(qtbot, controller, rows)
    return next(r for r in rows if predicate(controller.model.item_at(r)))


def wait_saved(qtbot, viewer, status="saved") -> None:
    editor = viewer.editor
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == status and not editor.dirty, timeout=10000)


def test_draw_move_resize_reclassify_delete_undo_and_save(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    controller = viewer.sequence.controller
    item_id = open_row(qtbot, viewer, row_where(qtbot, controller, lambda img: img.labels_count == 0))
    editor = viewer.editor
    classes = [editor.class_combo.itemData(i) for i in range(editor.class_combo.count())]
    assert classes[:4] == ["car", "person", "bicycle", "dog"]  # people's classes get the first number keys
    zoom_on(qtbot, viewer, 80, 90)

    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert editor.tool.draw_mode and editor.act_draw.isChecked()
    drag(viewer, (10, 20), (110, 120))
    assert draft_boxes(viewer) == [("car", (10, 20, 110, 120))]
    key = editor.draft.figures[0].key
    assert viewer.scene.current_key == key and editor.dirty and "•" in viewer.title.text()

    qtbot.keyClick(viewer, Qt.Key.Key_V)  # back to selecting
    drag(viewer, (60, 70), (90, 100))  # grab the inside: move by 30, 30
    assert draft_boxes(viewer) == [("car", (40, 50, 140, 150))]
    drag(viewer, (140, 150), (160, 181))  # the bottom-right handle
    assert draft_boxes(viewer) == [("car", (40, 50, 160, 181))]
    drag(viewer, (40, 50), (-30, 45))  # the top-left handle, dragged past the image's edge: stops there
    assert draft_boxes(viewer) == [("car", (0, 45, 160, 181))]
    qtbot.keyClick(viewer, Qt.Key.Key_2)
    assert draft_boxes(viewer) == [("person", (0, 45, 160, 181))]

    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)  # class back
    assert draft_boxes(viewer) == [("car", (0, 45, 160, 181))]
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)  # size back
    assert draft_boxes(viewer) == [("car", (40, 50, 160, 181))]
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.keyClick(viewer, Qt.Key.Key_Y, CTRL)
    assert draft_boxes(viewer) == [("person", (0, 45, 160, 181))]

    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, viewer)
    assert not editor.dirty and "•" not in viewer.title.text()
    saved = server_annotation(qloop, qtbot, app_state, item_id)
    assert boxes(saved) == [("person", (0, 45, 160, 181))]
    assert saved.version == editor.version

    viewer.scene.set_current(editor.draft.figures[0].key)
    qtbot.keyClick(viewer, Qt.Key.Key_Delete)
    assert draft_boxes(viewer) == [] and editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)
    assert draft_boxes(viewer) == [("person", (0, 45, 160, 181))]
    assert not editor.dirty  # undone back to what the server has
    viewer.scene.set_current(editor.draft.figures[0].key)
    qtbot.keyClick(viewer, Qt.Key.Key_Backspace)
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, viewer)
    assert boxes(server_annotation(qloop, qtbot, app_state, item_id)) == []


def test_a_click_is_not_a_box_and_drawing_needs_a_class_inside_the_image(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_row(qtbot, viewer, row_where(qtbot, viewer.sequence.controller, lambda img: img.labels_count == 0))
    zoom_on(qtbot, viewer, 30, 30)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (20, 20), (20.5, 20.5))  # a click: nothing drawn
    assert viewer.editor.draft.figures == () and not viewer.editor.dirty
    drag(viewer, (50, 40), (-40, -60))  # drawn up-left past the corner: kept inside
    assert draft_boxes(viewer) == [("car", (0, 0, 50, 40))]
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # leaves draw mode
    assert not viewer.editor.tool.draw_mode
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # deselects
    assert viewer.scene.current_key is None


def test_tags_from_the_side_panel_are_saved(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    controller = viewer.sequence.controller
    item_id = open_row(qtbot, viewer, row_where(qtbot, controller, lambda img: img.labels_count >= 1))
    editor = viewer.editor
    before = server_annotation(qloop, qtbot, app_state, item_id)
    had = {t.name for t in before.tags}

    for name in had:
        editor.image_tags.remove_button(name).click()
    assert editor.image_tags.tag_texts() == []
    editor.image_tags.choose("weather", "fog")
    editor.image_tags.add_button.click()
    editor.image_tags.choose("reviewed")
    editor.image_tags.add_button.click()
    assert editor.image_tags.tag_texts() == ["weather: fog", "reviewed"]
    editor.image_tags.choose("confidence")  # an objects-only tag is not offered for images
    assert editor.image_tags.tag_combo.currentText() != "confidence"

    truth = next(f for f in editor.draft.figures if not f.is_prediction)
    viewer.scene.set_current(truth.key)
    editor.object_tags.choose("confidence", "0,4")
    editor.object_tags.add_button.click()
    assert editor.object_tags.tag_texts() == ["confidence: 0.4"]
    editor.object_tags.choose("confidence", "lots")
    editor.object_tags.add_button.click()  # refused, with the reason shown next to the field
    assert "needs a number" in editor.object_tags.error.text()
    assert editor.object_tags.tag_texts() == ["confidence: 0.4"]

    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, viewer)
    after = server_annotation(qloop, qtbot, app_state, item_id)
    assert sorted((t.name, t.value) for t in after.tags) == [("reviewed", None), ("weather", "fog")]
    tagged = [
        f
        for f in after.objects
        if f.edges() == (truth.left, truth.top, truth.right, truth.bottom) and f.class_title == truth.class_title
    ]
    assert [(t.name, t.value) for t in tagged[0].tags] == [("confidence", 0.4)]


def test_annotating_in_a_collection_saves_to_the_dataset_of_origin(app_state, qloop, qtbot, qt_owned):
    project = app_state.project.id
    datasets = [d.id for d in app_state.datasets][:2]
    picked = []
    for dataset_id in datasets:
        page = run(qloop, qtbot, app_state.api.images.page(1, 2, dataset_id=dataset_id))
        picked += [img.id for img in page.items]
    collection = run(qloop, qtbot, app_state.api.collections.create(project, "to fix"))
    run(qloop, qtbot, app_state.api.collections.add_items(collection.id, picked))
    controller = BrowseController(app_state)
    qt_owned(controller)
    controller.set_scope(Scope.collection(collection.id))
    qtbot.waitUntil(lambda: controller.total == len(picked), timeout=10000)
    viewer = make_viewer(qtbot, app_state, qt_owned, controller=controller)
    target = picked[-1]  # from the second dataset
    viewer.open_item(target)
    wait_shown(qtbot, viewer, target)
    origin = run(qloop, qtbot, app_state.api.images.info(target)).dataset_id
    assert origin == datasets[1] and viewer.editor.dataset_id == origin

    zoom_on(qtbot, viewer, 60, 60)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (5, 6), (55, 66))
    before = boxes(server_annotation(qloop, qtbot, app_state, target))
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, viewer)
    saved = server_annotation(qloop, qtbot, app_state, target)
    assert saved.dataset_id == origin
    assert boxes(saved) == sorted(before + [("car", (5, 6, 55, 66))])

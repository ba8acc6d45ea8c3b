"""The item viewer on the real demo server: what it draws is what the server
holds, next/previous walk the gallery's own order (across pages), zoom and
fit change the view's transform, and the ground-truth / prediction toggles
hide their boxes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QTreeWidget

from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.viewer.zoom_view import STEP
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog
from tests.qt.browse_helpers import api_ids, qt_owned, wait_rows_loaded  # noqa: F401
from tests.ui.viewer_helpers import make_viewer, open_row, server_annotation, wait_shown


def first_row_with(viewer, qtbot, predicate, rows=range(0, 30)) -> int:
    model = viewer.sequence.controller.model
    wait_rows_loaded(qtbot, viewer.sequence.controller, list(rows))
    return next(r for r in rows if predicate(model.item_at(r)))


def test_the_viewer_draws_what_the_server_holds(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    row = first_row_with(viewer, qtbot, lambda img: img.labels_count >= 3)
    item_id = open_row(qtbot, viewer, row)
    truth = server_annotation(qloop, qtbot, app_state, item_id)
    scene: AnnotationScene = viewer.scene
    drawn = sorted(
        (b.figure.class_title, (b.rect().left(), b.rect().top(), b.rect().right(), b.rect().bottom()))
        for b in scene.boxes()
    )
    assert drawn == sorted((f.class_title, f.edges()) for f in truth.objects)
    predictions = [b for b in scene.boxes() if b.predicted]
    assert predictions, "the demo has predictions on annotated images"
    for box in predictions:
        assert box.pen().style() == Qt.PenStyle.DashLine
        confidence = next(t.value for t in box.figure.tags if t.name == "confidence")
        assert box.label.text == f"{box.figure.class_title} {confidence:.2f}"
    for box in scene.boxes():
        if not box.predicted:
            assert box.pen().style() == Qt.PenStyle.SolidLine and box.label.text == box.figure.class_title
            color = app_state.meta.class_by_title(box.figure.class_title).color
            assert box.pen().color().name().lower() == color.lower()
    tag_texts = viewer.editor.image_tags.tag_texts()
    assert sorted(tag_texts) == sorted(t.name if t.value is None else f"{t.name}: {t.value}" for t in truth.tags)
    assert scene.image_rect().width() == truth.width and not scene.image_item.pixmap().isNull()
    assert truth.image_name in viewer.title.text()
    assert viewer.position.text() == f"{row + 1} / {viewer.sequence.count()}"


def test_next_and_previous_follow_the_gallery_order_across_pages(app_state, qloop, qtbot, qt_owned):
    controller = BrowseController(app_state, per_page=7)
    qt_owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    assert controller.sort_by(0, True)  # name, descending: not the id order
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    expected = api_ids(qloop, qtbot, app_state, sort="name", sort_order="desc")
    viewer = make_viewer(qtbot, app_state, qt_owned, controller=controller)
    viewer.open_item(controller.model.item_at(4).id)
    wait_shown(qtbot, viewer, expected[4])

    seen = [viewer.current_id]
    for key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Right):  # rows 5..8: page 2
        qtbot.keyClick(viewer, key)
        wait_shown(qtbot, viewer, expected[len(seen) + 4])
        seen.append(viewer.current_id)
    assert seen == expected[4:9]
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    wait_shown(qtbot, viewer, expected[7])
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    wait_shown(qtbot, viewer, expected[6])
    assert viewer.position.text() == f"7 / {len(expected)}"

    viewer.open_index(len(expected) - 1)
    wait_shown(qtbot, viewer, expected[-1])
    assert not viewer.act_next.isEnabled()  # the end of the list
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: viewer.scope.pending == 0, timeout=10000)  # any load it started is over
    assert viewer.current_id == expected[-1]


def test_a_step_while_the_list_is_read_again_waits_for_it_instead_of_ending(app_state, qloop, qtbot, qt_owned):
    """An edit makes the list be read again under the viewer: until it answers it has no rows,
    which is not the end of the list. Next waits for the answer and goes on."""
    controller = BrowseController(app_state, per_page=7)
    qt_owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    expected = api_ids(qloop, qtbot, app_state)
    viewer = make_viewer(qtbot, app_state, qt_owned, controller=controller)
    viewer.open_item(controller.model.item_at(2).id)
    wait_shown(qtbot, viewer, expected[2])
    controller.reload()
    assert viewer.sequence.count() == 0 and not viewer.sequence.is_current()  # being read again
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    wait_shown(qtbot, viewer, expected[3])
    assert "last item" not in viewer.message.text()


def test_zoom_keys_wheel_and_fit_change_the_view_transform(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_row(qtbot, viewer, 0)
    view = viewer.view
    fitted = view.zoom
    image = view.mapFromScene(viewer.scene.image_rect()).boundingRect()
    assert view.fitted and view.viewport().rect().adjusted(-1, -1, 1, 1).contains(image)

    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert abs(view.zoom - fitted * STEP) < 1e-9 and not view.fitted
    assert viewer.zoom_label.text() == f"{view.zoom * 100:.0f}%"
    qtbot.keyClick(viewer, Qt.Key.Key_Minus)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus)
    assert abs(view.zoom - fitted / STEP) < 1e-9

    # the wheel zooms around the mouse: the image point under it stays under it
    # (once the image is larger than the window; a smaller one stays centered)
    view.set_zoom(3.0)
    at = QPoint(view.viewport().width() // 3, view.viewport().height() // 3)
    under = view.mapToScene(at)
    wheel = QWheelEvent(
        QPointF(at),
        QPointF(view.viewport().mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(wheel)
    assert abs(view.zoom - 3.0 * STEP**2) < 1e-9
    after = view.mapToScene(at)
    assert abs(after.x() - under.x()) < 2 / view.zoom and abs(after.y() - under.y()) < 2 / view.zoom

    qtbot.keyClick(viewer, Qt.Key.Key_F)
    assert view.fitted and abs(view.zoom - fitted) < 1e-9
    view.set_zoom(4.0)
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert view.fitted and abs(view.zoom - fitted) < 1e-9


def test_ground_truth_and_prediction_toggles_hide_their_boxes(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    row = first_row_with(viewer, qtbot, lambda img: img.labels_count >= 2)
    open_row(qtbot, viewer, row)
    scene = viewer.scene
    truth = [b for b in scene.boxes() if not b.predicted]
    predicted = [b for b in scene.boxes() if b.predicted]
    assert truth and predicted
    scene.set_current(truth[0].key)

    qtbot.keyClick(viewer, Qt.Key.Key_G)
    assert not viewer.act_gt.isChecked()
    assert all(not b.isVisible() and not b.label.isVisible() for b in truth)
    assert all(b.isVisible() for b in predicted)
    assert scene.current_key is None  # a hidden box is not selected
    qtbot.keyClick(viewer, Qt.Key.Key_P)
    assert all(not b.isVisible() for b in predicted)
    assert scene.box_at(QPointF(truth[0].rect().center())) is None  # hidden boxes cannot be clicked
    qtbot.keyClick(viewer, Qt.Key.Key_G)
    qtbot.keyClick(viewer, Qt.Key.Key_P)
    assert all(b.isVisible() for b in scene.boxes())
    qtbot.keyClick(viewer, Qt.Key.Key_L)
    assert all(not b.label.isVisible() for b in scene.boxes())
    assert all(b.isVisible() for b in scene.boxes())


def test_the_cheat_sheet_lists_the_viewer_and_editor_shortcuts(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_row(qtbot, viewer, 0)
    qtbot.keyClick(viewer, Qt.Key.Key_F1)
    dialogs = [w for w in viewer.findChildren(ShortcutsDialog) if w.isVisible()]
    assert len(dialogs) == 1
    tree = dialogs[0].findChild(QTreeWidget)
    rows = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            rows[group.child(j).text(0)] = group.child(j).text(1)
    for name in (
        "Next",
        "Previous",
        "Fit",
        "Ground truth",
        "Predictions",
        "Select / move",
        "Draw box",
        "Delete box",
        "Save",
        "Undo",
        "Class 1",
    ):
        assert name in rows, name
    assert "R" in rows["Draw box"] and "V" in rows["Select / move"]
    assert "PgDown" in rows["Next"].replace("Page Down", "PgDown")
    by_key = {key: name for name, key in rows.items()}  # the arrows nudge, and step items with no box selected
    assert by_key["Left"] == "Nudge box left (no box selected: previous)"
    assert by_key["Shift+Left"] == "Nudge box left 10 px"
    assert by_key["Down"] == "Nudge box down"
    dialogs[0].close()

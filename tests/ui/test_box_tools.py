"""The box editor's tools on the real demo server, driven with real key and
mouse events: Select/move (V, the default) and Draw box (R) in the viewer's
toolbar; a drag on an empty area in Select never draws; Esc cancels a
drawing, then goes back to Select; the arrows nudge the selected box (Shift:
10 px) as one undo step, and step items when no box is selected; a box is a
prediction by its class, never by a confidence tag; a confidence the box
cannot take is refused in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton

from tests.qt.browse_helpers import qt_owned, run, wait_rows_loaded  # noqa: F401
from tests.ui.viewer_helpers import (
    CTRL,
    LEFT,
    NO_MOD,
    boxes,
    draft_boxes,
    drag,
    make_viewer,
    open_row,
    server_annotation,
    view_point,
    wait_shown,
    zoom_on,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_where(qtbot, viewer, predicate) -> int:
    controller = viewer.sequence.controller
    rows = list(range(min(controller.total, 30)))
    wait_rows_loaded(qtbot, controller, rows)
    return open_row(qtbot, viewer, next(r for r in rows if predicate(controller.model.item_at(r))))


def tool_buttons(viewer) -> dict[str, QToolButton]:
    bar = viewer.findChild(QToolBar, "editorTools")
    return {a.text(): bar.widgetForAction(a) for a in viewer.editor.tool_actions()}


def test_two_exclusive_tools_in_the_toolbar_select_never_draws_and_esc_goes_back(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_where(qtbot, viewer, lambda img: img.labels_count == 0)
    editor = viewer.editor
    buttons = tool_buttons(viewer)
    assert set(buttons) == {"Select / move", "Draw box"}
    assert all(b.isVisible() and b.isCheckable() for b in buttons.values())
    assert buttons["Select / move"].isChecked() and not buttons["Draw box"].isChecked()  # Select is the default
    zoom_on(qtbot, viewer, 80, 90)

    drag(viewer, (20, 20), (120, 120))  # Select: an empty area pans, it never draws
    assert editor.draft.figures == () and not editor.dirty and editor.undo_stack.count() == 0

    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert buttons["Draw box"].isChecked() and not buttons["Select / move"].isChecked()
    drag(viewer, (10, 20), (110, 120))
    assert draft_boxes(viewer) == [("car", (10, 20, 110, 120))]
    assert editor.tool.mode == "draw"  # the tool stays in Draw after a box
    drag(viewer, (40, 50), (90, 100))  # in Draw a drag on a box draws another one
    assert draft_boxes(viewer) == [("car", (10, 20, 110, 120)), ("car", (40, 50, 90, 100))]

    viewport = viewer.view.viewport()  # Esc while drawing: the drawing is dropped, the tool stays
    QTest.mousePress(viewport, LEFT, NO_MOD, view_point(viewer, 130, 130))
    QTest.mouseMove(viewport, view_point(viewer, 150, 160))
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, LEFT, NO_MOD, view_point(viewer, 150, 160))
    assert len(editor.draft.figures) == 2 and editor.tool.mode == "draw"
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # then back to Select
    assert editor.tool.mode == "select" and buttons["Select / move"].isChecked()

    drag(viewer, (60, 70), (70, 80))  # Select: dragging the selected box moves it
    assert draft_boxes(viewer) == [("car", (10, 20, 110, 120)), ("car", (50, 60, 100, 110))]
    buttons["Draw box"].click()  # the toolbar button does what R does
    assert editor.tool.mode == "draw"
    qtbot.keyClick(viewer, Qt.Key.Key_V)
    assert editor.tool.mode == "select" and buttons["Select / move"].isChecked()


def test_arrows_nudge_the_selected_box_as_one_undo_step_else_step_items(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    item_id = open_where(qtbot, viewer, lambda img: img.labels_count == 0)
    editor = viewer.editor
    zoom_on(qtbot, viewer, 80, 90)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (10, 20), (110, 120))
    steps = editor.undo_stack.count()

    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.keyClick(viewer, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(viewer, Qt.Key.Key_Up)
    assert draft_boxes(viewer) == [("car", (12, 29, 112, 129))]
    assert viewer.current_id == item_id  # the arrows moved the box, not to another item
    assert editor.undo_stack.count() == steps + 1 and editor.dirty and "•" in viewer.title.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Left, SHIFT)  # 10 px left, stopped at the border
    qtbot.keyClick(viewer, Qt.Key.Key_Left, SHIFT)
    assert draft_boxes(viewer) == [("car", (0, 29, 100, 129))]
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)  # the whole run of nudges at once
    assert draft_boxes(viewer) == [("car", (10, 20, 110, 120))] and editor.dirty

    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "saved" and not editor.dirty, timeout=10000)
    qtbot.keyClick(viewer, Qt.Key.Key_Down)  # after a save a new run starts: undo goes back to the saved place
    assert editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_Z, CTRL)
    assert draft_boxes(viewer) == [("car", (0, 29, 100, 129))] and not editor.dirty
    assert boxes(server_annotation(qloop, qtbot, app_state, item_id)) == [("car", (0, 29, 100, 129))]

    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # leave Draw
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # deselect: now the arrows step items
    assert viewer.scene.current_key is None
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: viewer.current_id != item_id, timeout=10000)
    wait_shown(qtbot, viewer)


def test_a_box_is_a_prediction_by_its_class_not_by_a_confidence_tag(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_where(qtbot, viewer, lambda img: img.labels_count >= 2)
    editor = viewer.editor
    draft = editor.draft
    pred = next((f for f in draft.figures if f.class_title.endswith("_pred")), None)
    truth = next(f for f in draft.figures if not f.class_title.endswith("_pred"))
    if pred is None:  # this image has no prediction: make one the way a user does (its class)
        viewer.scene.set_current(truth.key)
        editor.choose_class(editor.class_combo.findData(f"{truth.class_title}_pred"))
        pred, truth = draft.figure(truth.key), next(f for f in draft.figures if f.key != truth.key)
    viewer.scene.set_current(pred.key)
    if pred.tag("confidence") is not None:  # a prediction without its confidence is still a prediction
        editor.object_tags.remove_button("confidence").click()
    assert draft.figure(pred.key).tag("confidence") is None
    assert f"{pred.class_title}</b> · Prediction" in editor.object_info.text()

    viewer.scene.set_current(truth.key)  # ground truth given a confidence stays ground truth
    editor.object_tags.choose("confidence", "0.73")
    editor.object_tags.add_button.click()
    assert draft.figure(truth.key).confidence == 0.73
    assert f"{truth.class_title}</b> · Ground truth" in editor.object_info.text()
    editor.choose_class(editor.class_combo.findData("bicycle_pred"))
    assert "bicycle_pred</b> · Prediction" in editor.object_info.text()  # never "bicycle_pred · Ground truth"


def test_a_confidence_outside_0_to_1_is_refused_in_place(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    item_id = open_where(qtbot, viewer, lambda img: img.labels_count >= 1)
    editor = viewer.editor
    tags = editor.object_tags
    truth = next(f for f in editor.draft.figures if not f.is_prediction)
    viewer.scene.set_current(truth.key)
    before, steps = editor.draft.snapshot(), editor.undo_stack.count()

    tags.choose("confidence")
    for typed, reason in (("abc", "needs a number"), ("", "needs a value"), ("1.5", "0 to 1"), ("-0.1", "0 to 1")):
        tags.value_edit.clear()
        QTest.keyClicks(tags.value_edit, typed)
        QTest.keyClick(tags.value_edit, Qt.Key.Key_Return)
        assert reason in tags.error.text() and tags.error.isVisible(), typed
        assert "border" in tags.value_edit.styleSheet(), typed  # the field is red
        assert editor.draft.snapshot() == before and editor.undo_stack.count() == steps and not editor.dirty
    QTest.keyClicks(tags.value_edit, "x")  # typing clears the complaint
    assert not tags.error.isVisible() and tags.value_edit.styleSheet() == ""

    tags.value_edit.clear()
    QTest.keyClicks(tags.value_edit, "0.73")
    QTest.keyClick(tags.value_edit, Qt.Key.Key_Return)
    assert not tags.error.isVisible() and editor.draft.figure(truth.key).confidence == 0.73
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)  # the refused values left nothing behind to save
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "saved" and not editor.dirty, timeout=10000)
    saved = server_annotation(qloop, qtbot, app_state, item_id)
    same_class = [f for f in saved.objects if f.class_title == truth.class_title]
    assert 0.73 in [t.value for f in same_class for t in f.tags if t.name == "confidence"]


def test_up_and_down_in_the_class_list_change_the_class_not_the_box(app_state, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    open_where(qtbot, viewer, lambda img: img.labels_count == 0)
    zoom_on(qtbot, viewer, 80, 90)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (10, 20), (110, 120))
    combo = viewer.editor.class_combo
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    before = combo.currentIndex()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == before + 1  # the next class…
    assert draft_boxes(viewer)[0][1] == (10, 20, 110, 120)  # …and the box did not move

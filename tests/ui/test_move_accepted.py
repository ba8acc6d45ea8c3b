"""“Move accepted items…” on the demo server: items are accepted through the
server's queue work methods, the dialog previews the move before anything is
written, OK moves them as ONE undoable step, and undo and redo put the
server back and forth (checked on the server after every step)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop_app.ui.queues.move_accepted_dialog import MoveAcceptedDialog
from desktop_app.ui.queues.queue_actions import QueueActions
from tests.ui.collection_helpers import make_collection, project_item_ids, run, server_collections, server_items, settle
from tests.ui.queue_helpers import make_queue, work


def setup_queue(qtbot, qloop, state, accepted: int = 3):
    ids = project_item_ids(qtbot, qloop, state)
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:8])
    queue_id = make_queue(qtbot, qloop, state, "Fix false positives", hard.id)
    done = work(qtbot, qloop, state, queue_id, accepted=accepted, on_review=1)
    return ids, hard, queue_id, done["accepted"]


def open_move(qtbot, state, queue_id: int) -> tuple[QueueActions, MoveAcceptedDialog]:
    host = QWidget()
    qtbot.addWidget(host)
    actions = QueueActions(state, host)
    actions.set_queue(next(q for q in state.queues if q.id == queue_id))
    assert actions.move_action.isEnabled()
    actions.move_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, MoveAcceptedDialog) and dialog.isVisible()
    return actions, dialog


def undo_redo(qtbot, state, check_undone, check_redone) -> None:
    state.undo_stack.undo()
    settle(qtbot, state)
    check_undone()
    state.undo_stack.redo()
    settle(qtbot, state)
    check_redone()


def test_move_to_an_existing_collection_with_preview_undo_and_redo(app_state, qtbot, qloop, tmp_path):
    ids, hard, queue_id, accepted = setup_queue(qtbot, qloop, app_state)
    training = make_collection(qtbot, qloop, app_state, "For training", [ids[40], accepted[0]])
    run(qtbot, qloop, app_state.api.collections.remove_items(hard.id, [accepted[1]]))  # left the source already
    run(qtbot, qloop, app_state.refresh_collections())
    hard_before = server_items(qtbot, qloop, app_state, hard.id)
    _actions, dialog = open_move(qtbot, app_state, queue_id)

    assert dialog.collection_id != hard.id  # the source is no target
    dialog.select_collection(training.id)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert dialog.preview_label.text() == "Preview: 3 accepted; 2 will leave “Hard cases”; 1 already in “For training”"
    assert dialog.ok_button.text() == "Move 3 items" and dialog.ok_button.isEnabled()
    # the preview wrote nothing
    assert server_items(qtbot, qloop, app_state, training.id) == {ids[40], accepted[0]}
    assert server_items(qtbot, qloop, app_state, hard.id) == hard_before
    assert dialog.grab().save(str(tmp_path / "move-accepted-dialog.png"))  # it renders

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: app_state.undo_stack.count() == 1, timeout=5000)
    assert app_state.undo_stack.undoText() == "Move 3 accepted items from “Hard cases” to “For training”"

    def moved() -> None:
        assert server_items(qtbot, qloop, app_state, training.id) == {ids[40], *accepted}
        assert server_items(qtbot, qloop, app_state, hard.id) == hard_before - set(accepted)

    def back() -> None:
        assert server_items(qtbot, qloop, app_state, training.id) == {ids[40], accepted[0]}
        assert server_items(qtbot, qloop, app_state, hard.id) == hard_before

    moved()
    # the accepted items stay accepted in the queue after leaving its collection
    queue = run(qtbot, qloop, app_state.api.queues.info(queue_id))
    assert queue.accepted_count == 3
    undo_redo(qtbot, app_state, back, moved)
    assert app_state.undo_stack.count() == 1


def test_move_to_a_new_collection_is_one_step(app_state, qtbot, qloop):
    _ids, hard, queue_id, accepted = setup_queue(qtbot, qloop, app_state, accepted=2)
    hard_before = server_items(qtbot, qloop, app_state, hard.id)
    _actions, dialog = open_move(qtbot, app_state, queue_id)
    dialog.set_new_name("Hard cases")  # taken
    assert not dialog.ok_button.isEnabled() and "already exists" in dialog.picker.problem.text()
    dialog.set_new_name("  Ready for training ")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert (
        dialog.preview_label.text()
        == "Preview: 2 accepted; 2 will leave “Hard cases”; the new collection “Ready for training” gets 2 items"
    )
    assert "Ready for training" not in server_collections(qtbot, qloop, app_state)
    dialog.accept()
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: app_state.undo_stack.count() == 1, timeout=5000)
    assert (
        app_state.undo_stack.undoText()
        == "Move 2 accepted items from “Hard cases” to new collection “Ready for training”"
    )

    def moved() -> None:
        ready = server_collections(qtbot, qloop, app_state).get("Ready for training")
        assert ready is not None and server_items(qtbot, qloop, app_state, ready.id) == set(accepted)
        assert server_items(qtbot, qloop, app_state, hard.id) == hard_before - set(accepted)

    def back() -> None:
        assert "Ready for training" not in server_collections(qtbot, qloop, app_state)
        assert server_items(qtbot, qloop, app_state, hard.id) == hard_before

    moved()
    undo_redo(qtbot, app_state, back, moved)


def test_nothing_accepted_means_nothing_to_move(app_state, qtbot, qloop):
    _ids, hard, queue_id, _accepted = setup_queue(qtbot, qloop, app_state, accepted=0)
    make_collection(qtbot, qloop, app_state, "For training")
    _actions, dialog = open_move(qtbot, app_state, queue_id)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    assert "nothing to move" in dialog.preview_label.text()
    assert not dialog.ok_button.isEnabled() and dialog.command() is None
    dialog.reject()
    assert app_state.undo_stack.count() == 0

"""“Create labeling queue…” on the demo server: every option reaches the
stored queue as the SDK would send it, problems are shown while typing and
keep Create disabled, a refusal by the server is shown in the dialog and
creates nothing, an empty collection is accepted, and the sidebar's context
menu opens the dialog for the collection under the cursor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import delete

from desktop_app.domain.browse_scope import Scope
from desktop_app.server.db.models import TeamMember
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.filters.filter_tristate import EXCLUDE, INCLUDE
from desktop_app.ui.queues.queue_actions import QueueActions
from desktop_app.ui.queues.queue_dialog import QueueDialog
from tests.ui.collection_helpers import make_collection, project_item_ids, right_click_collection, run
from tests.ui.queue_helpers import add_team_member, make_queue, me


def open_dialog(qtbot, state, collection) -> tuple[QueueActions, QueueDialog]:
    host = QWidget()
    qtbot.addWidget(host)
    actions = QueueActions(state, host, lambda: state.collection(collection.id))  # as the sidebar lists it
    actions.create_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, QueueDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.users is not None, timeout=5000)
    return actions, dialog


def check(checklist, keys) -> None:
    for row in range(checklist.count()):
        item = checklist.item(row)
        if item.data(Qt.ItemDataRole.UserRole + 50) in keys:
            item.setCheckState(Qt.CheckState.Checked)


def create_for_one_user(qtbot, dialog, name: str, user: int) -> int:
    """Name the queue, make `user` its one labeler and reviewer, create it: the new queue's id."""
    dialog.name_edit.setText(name)
    check(dialog.labelers, {user})
    check(dialog.reviewers, {user})
    created = []
    dialog.created.connect(created.append)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(created), timeout=5000)
    return created[0]


def tag_id(state, name: str) -> int:
    return next(t.id for t in state.meta.tags if t.name == name)


def raw_queue(qtbot, qloop, state, queue_id: int) -> dict:
    return run(qtbot, qloop, state.api.connection.call("labeling-queues.info", {"id": queue_id}, idempotent=True))


def test_every_option_reaches_the_stored_queue(app_state, qtbot, qloop, live, tmp_path):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:5])
    anna = add_team_member(live, app_state.project.team_id, "anna", "Anna Berg", "reviewer")
    user = me(qtbot, qloop, app_state)
    actions, dialog = open_dialog(qtbot, app_state, hard)
    assert {u.login for u in dialog.users} == {"demo", "anna"}
    assert "takes its 5 items and follows the collection" in dialog.source_label.text()
    assert not dialog.ok_button.isEnabled()
    assert "needs a name" in dialog.problem.text()

    dialog.name_edit.setText("  Fix false positives  ")
    dialog.description_edit.setText("batch 3")
    dialog.readme_edit.setPlainText("# Rules\n\n  Draw tight boxes.")
    check(dialog.labelers, {user})
    check(dialog.reviewers, {anna})
    check(dialog.classes, {"car", "person"})
    check(dialog.tags, {"weather"})
    dialog.objects_limit.setValue(5)
    dialog.tags_limit.setValue(3)
    dialog.image_tags.toggle(tag_id(app_state, "split")).set_value(INCLUDE)
    dialog.image_tags.toggle(tag_id(app_state, "reviewed")).set_value(EXCLUDE)
    dialog.image_tags.changed.emit()
    for box in (dialog.dynamic_classes, dialog.dynamic_tags, dialog.review_own, dialog.skip_completed):
        box.setChecked(True)
    assert dialog.classes_note.text() == "Only these 2 classes"
    assert dialog.ok_button.isEnabled(), dialog.problem.text()
    assert dialog.grab().save(str(tmp_path / "queue-dialog.png"))  # it renders

    created = []
    dialog.created.connect(created.append)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(created) and actions.dialog is None, timeout=5000)  # closed

    stored = raw_queue(qtbot, qloop, app_state, created[0])
    assert stored["name"] == "Fix false positives"
    assert stored["collectionId"] == hard.id and stored["projectId"] == app_state.project.id
    assert [u["id"] for u in stored["labelers"]] == [user]
    assert [u["id"] for u in stored["reviewers"]] == [anna]
    assert stored["description"] == "batch 3" and stored["readme"] == "# Rules\n\n  Draw tight boxes."
    meta = stored["meta"]
    assert sorted(meta["classes"]) == ["car", "person"] and meta["projectTags"] == ["weather"]
    assert meta["imageTags"] == [{"name": "split", "positive": True}, {"name": "reviewed", "positive": False}]
    assert (meta["imageFiguresLimit"], meta["imageTagsLimit"]) == (5, 3)
    assert meta["dynamicClasses"] is True and meta["dynamicTags"] is True
    assert stored["queueMeta"] == {"reviewOwnAnnotationsAvailable": True, "skipCompleteAnnotationJobOnEmpty": True}
    info = run(qtbot, qloop, app_state.api.queues.info(created[0]))
    assert info.labeler_ids == (user,) and info.reviewer_ids == (anna,) and info.collection_id == hard.id
    # the app's list knows it at once
    assert created[0] in {q.id for q in app_state.queues}


def test_defaults_send_no_options(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    user = me(qtbot, qloop, app_state)
    _actions, dialog = open_dialog(qtbot, app_state, hard)
    stored = raw_queue(qtbot, qloop, app_state, create_for_one_user(qtbot, dialog, "Plain", user))
    assert stored["meta"]["classes"] == [] and stored["meta"]["imageTags"] == []
    assert stored["meta"]["imageFiguresLimit"] == 0 and stored["meta"]["dynamicClasses"] is False
    # one user as labeler and reviewer: self-review defaults on, else Review would stay empty
    assert stored["queueMeta"] == {"reviewOwnAnnotationsAvailable": True}
    assert stored["readme"] in ("", None) and stored["description"] in ("", None)


def test_problems_are_shown_while_editing_and_block_create(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    make_queue(qtbot, qloop, app_state, "Taken", hard.id)
    user = me(qtbot, qloop, app_state)
    _actions, dialog = open_dialog(qtbot, app_state, hard)
    check(dialog.labelers, {user})
    check(dialog.reviewers, {user})
    cases = {"   ": "needs a name", "x" * 256: "maximum is 255", "Taken": "already exists"}
    for name, message in cases.items():
        dialog.name_edit.setText(name)
        assert not dialog.ok_button.isEnabled(), name
        assert message in dialog.problem.text(), name
    dialog.name_edit.setText("Fresh")
    assert dialog.ok_button.isEnabled()
    dialog.reviewers.set_checked([])
    assert not dialog.ok_button.isEnabled() and "at least one reviewer" in dialog.problem.text()
    dialog.reject()
    queues = run(qtbot, qloop, app_state.api.queues.list(app_state.project.team_id))
    assert [q.name for q in queues] == ["Taken"]


def test_server_refusal_is_shown_and_nothing_is_created(app_state, qtbot, qloop, live):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    user = me(qtbot, qloop, app_state)
    anna = add_team_member(live, app_state.project.team_id, "anna", "Anna Berg")
    _actions, dialog = open_dialog(qtbot, app_state, hard)
    dialog.name_edit.setText("Night batch")
    check(dialog.labelers, {user, anna})
    check(dialog.reviewers, {user})
    with live.sessions()() as s, s.begin():  # anna leaves the team while the dialog is open
        s.execute(delete(TeamMember).where(TeamMember.user_id == anna))
    dialog.submit()
    qtbot.waitUntil(lambda: "not created" in dialog.problem.text(), timeout=5000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled() and dialog.name_edit.isEnabled()
    assert "not members" in dialog.problem.text()
    assert run(qtbot, qloop, app_state.api.queues.list(app_state.project.team_id)) == []
    dialog.name_edit.setText("Night batch 2")  # editing clears the server's complaint
    assert "not created" not in dialog.problem.text()


def test_empty_collection_is_allowed(app_state, qtbot, qloop):
    empty = make_collection(qtbot, qloop, app_state, "Later")
    user = me(qtbot, qloop, app_state)
    _actions, dialog = open_dialog(qtbot, app_state, empty)
    assert "The queue fills as items are added to “Later”" in dialog.source_label.text()
    queue = run(qtbot, qloop, app_state.api.queues.info(create_for_one_user(qtbot, dialog, "Later queue", user)))
    assert queue.entities_count == 0 and queue.collection_id == empty.id


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup menu, offscreen
def test_sidebar_context_menu_opens_it_for_the_collection_under_the_cursor(app_state, qtbot, qloop):
    first = make_collection(qtbot, qloop, app_state, "A first")
    second = make_collection(qtbot, qloop, app_state, "B second")
    sidebar = CollectionsSidebar(app_state)
    qtbot.addWidget(sidebar)
    sidebar.show()
    actions = QueueActions(app_state, sidebar, sidebar.current_collection)
    sidebar.add_collection_action(actions.collection_action, actions.create_queue)
    sidebar.select_scope(Scope.collection(first.id))

    menu = right_click_collection(sidebar, second.id)
    assert actions.collection_action in menu.actions()
    actions.collection_action.trigger()
    menu.close()
    dialog = actions.dialog
    assert isinstance(dialog, QueueDialog) and dialog.collection.id == second.id
    dialog.reject()


def test_one_person_as_labeler_and_reviewer_turns_self_review_on_and_says_so(app_state, qtbot, qloop, live):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    user = me(qtbot, qloop, app_state)
    anna = add_team_member(live, app_state.project.team_id, "anna", "Anna Berg", "reviewer")
    _actions, dialog = open_dialog(qtbot, app_state, hard)
    assert not dialog.review_own.isChecked() and dialog.self_review_note.isHidden()
    check(dialog.labelers, {user})
    check(dialog.reviewers, {anna})
    assert not dialog.review_own.isChecked() and dialog.self_review_note.isHidden()
    check(dialog.reviewers, {user})  # the demo's case: the same person reviews
    assert dialog.review_own.isChecked()
    assert "Self-review is on: demo (Demo user) is both labeler and reviewer" in dialog.self_review_note.text()
    assert not dialog.self_review_note.isHidden()

    dialog.review_own.setFocus()
    QTest.keyClick(dialog.review_own, Qt.Key.Key_Space)  # the user says no: that choice stays
    assert not dialog.review_own.isChecked()
    assert "Self-review is off" in dialog.self_review_note.text()
    dialog.reviewers.set_checked([anna])
    check(dialog.reviewers, {user})
    assert not dialog.review_own.isChecked()
    dialog.name_edit.setText("Strict")
    created = []
    dialog.created.connect(created.append)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(created), timeout=5000)
    assert raw_queue(qtbot, qloop, app_state, created[0])["queueMeta"] in ({}, None)


def test_esc_asks_before_a_filled_dialog_is_thrown_away(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    _actions, untouched = open_dialog(qtbot, app_state, hard)
    QTest.keyClick(untouched.name_edit, Qt.Key.Key_Escape)  # nothing filled in: closes at once
    qtbot.waitUntil(lambda: not untouched.isVisible(), timeout=2000)

    _actions, dialog = open_dialog(qtbot, app_state, hard)
    QTest.keyClicks(dialog.name_edit, "Half done")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    prompt = dialog.discard_prompt
    assert prompt is not None and prompt.isVisible() and dialog.isVisible()
    assert prompt.text() == "Discard this queue?"
    QTest.keyClick(prompt, Qt.Key.Key_Escape)  # Esc on the question keeps editing
    qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=2000)
    assert dialog.isVisible() and dialog.name_edit.text() == "Half done"

    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()  # Cancel asks too
    prompt = dialog.discard_prompt
    assert prompt.isVisible()
    prompt.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert run(qtbot, qloop, app_state.api.queues.list(app_state.project.team_id)) == []

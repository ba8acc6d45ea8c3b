"""Right-click a queue → Edit queue… and Delete queue… on the demo server:
the changes reach the stored queue, a delete asks first and leaves the
collection and its items, Esc on a changed edit asks before throwing it away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from desktop_app.ui.queues.queue_actions import QueueActions
from desktop_app.ui.queues.queue_edit_dialog import QueueEditDialog
from desktop_app.ui.queues.queue_panel import QueuePanel
from tests.ui.collection_helpers import make_collection, project_item_ids, run, server_items
from tests.ui.queue_helpers import add_team_member, make_queue, me


def panel_for(qtbot, state) -> QueuePanel:
    host = QWidget()
    qtbot.addWidget(host)
    panel = QueuePanel(state, QueueActions(state, host), host)
    host.resize(320, 520)
    host.show()
    return panel


def menu_action(qtbot, panel: QueuePanel, queue_id: int, text: str):
    """Right-click the queue's row: the context menu's action named `text`."""
    qtbot.waitUntil(lambda: panel.select_queue(queue_id), timeout=5000)
    row = panel.list.currentRow()
    rect = panel.list.visualItemRect(panel.list.item(row))
    panel.list.customContextMenuRequested.emit(rect.center())
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    action = next(a for a in menu.actions() if a.text() == text)
    menu.close()
    return action


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup menu, offscreen
def test_edit_queue_changes_name_reviewers_limits_and_self_review(app_state, qtbot, qloop, live):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:4])
    user = me(qtbot, qloop, app_state)
    anna = add_team_member(live, app_state.project.team_id, "anna", "Anna Berg", "reviewer")
    queue_id = make_queue(qtbot, qloop, app_state, "Night batch", hard.id, allow_review_own_annotations=False)
    panel = panel_for(qtbot, app_state)
    actions = panel.queue_actions
    qtbot.waitUntil(lambda: anna in actions.users, timeout=5000)
    menu_action(qtbot, panel, queue_id, "Edit queue…").trigger()
    dialog = actions.dialog
    assert isinstance(dialog, QueueEditDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    dialog.name_edit.selectAll()
    QTest.keyClicks(dialog.name_edit, "Night batch 2")
    dialog.reviewers.set_checked([user, anna])
    dialog.objects_limit.setValue(3)
    dialog.review_own.setChecked(True)
    assert dialog.changes().keys() == {"name", "reviewerIds", "meta", "queueMeta"}
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=5000)

    stored = run(qtbot, qloop, app_state.api.queues.info(queue_id))
    assert stored.name == "Night batch 2" and set(stored.reviewer_ids) == {user, anna}
    assert stored.labeler_ids == (user,) and stored.meta["imageFiguresLimit"] == 3 and stored.allows_self_review
    qtbot.waitUntil(lambda: any(q.name == "Night batch 2" for q in app_state.queues), timeout=5000)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_esc_on_a_changed_edit_asks_and_keeps_the_queue(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    queue_id = make_queue(qtbot, qloop, app_state, "Night batch", hard.id)
    panel = panel_for(qtbot, app_state)
    menu_action(qtbot, panel, queue_id, "Edit queue…").trigger()
    dialog = panel.queue_actions.dialog
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # unchanged: closes
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    menu_action(qtbot, panel, queue_id, "Edit queue…").trigger()
    dialog = panel.queue_actions.dialog
    QTest.keyClicks(dialog.name_edit, " renamed")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    prompt = dialog.discard_prompt
    assert prompt is not None and prompt.isVisible() and prompt.text() == "Discard your changes to this queue?"
    prompt.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert run(qtbot, qloop, app_state.api.queues.info(queue_id)).name == "Night batch"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_delete_queue_asks_and_leaves_the_collection_and_its_items(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:3])
    queue_id = make_queue(qtbot, qloop, app_state, "Night batch", hard.id)
    panel = panel_for(qtbot, app_state)
    actions = panel.queue_actions
    menu_action(qtbot, panel, queue_id, "Delete queue…").trigger()
    box = actions.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Delete the labeling queue “Night batch”?" in box.text()
    assert "cannot be undone" in box.informativeText() and "from “Hard cases” stay" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()  # Cancel: nothing happens
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=2000)
    assert run(qtbot, qloop, app_state.api.queues.info(queue_id)).id == queue_id

    menu_action(qtbot, panel, queue_id, "Delete queue…").trigger()
    box = actions.dialog
    next(b for b in box.buttons() if b.text() == "Delete queue").click()
    qtbot.waitUntil(lambda: all(q.id != queue_id for q in app_state.queues), timeout=5000)
    assert run(qtbot, qloop, app_state.api.queues.list(app_state.project.team_id)) == []
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:3])
    assert not panel.select_queue(queue_id)

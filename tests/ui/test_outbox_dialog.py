"""The outbox dialog over the real outbox: edits in words, live updates,
Retry and Discard acting on refused edits."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.api.records import Collection
from desktop_app.domain.collection_backend import ADD_ITEMS
from desktop_app.domain.collection_commands import CollectionRef
from desktop_app.ui.window.outbox_dialog import OutboxDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def run(qtbot, qloop, coro):
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=5000)
    return task.result()


def rows(dialog: OutboxDialog) -> list[list[str]]:
    tree = dialog.tree
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


@pytest.fixture
def refused_rename(qtbot, qloop, app_state):
    """Two collections, and a queued rename of the second onto the first's name:
    the server refuses it (name already in use), so it ends up failed."""
    project = app_state.project.id
    first: Collection = run(qtbot, qloop, app_state.api.collections.create(project, "Keepers"))
    second: Collection = run(qtbot, qloop, app_state.api.collections.create(project, "Rejects"))
    run(qtbot, qloop, app_state.refresh_collections())
    op_id = app_state.service.enqueue_rename(second.id, "Keepers").op_id
    qtbot.waitUntil(lambda: len(app_state.outbox.failed()) == 1, timeout=5000)
    return first, second, op_id


def make_dialog(qtbot, app_state) -> OutboxDialog:
    dialog = OutboxDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_failed_edit_is_listed_in_words_and_retry_sends_it_again(qtbot, qloop, app_state, refused_rename):
    first, second, op_id = refused_rename
    dialog = make_dialog(qtbot, app_state)
    [row] = rows(dialog)
    assert row[0] == "Rename collection “Rejects” to “Keepers”"
    assert row[1] == "Failed" and row[3] == "1"
    assert "already in use" in row[4]
    assert dialog.retry_button.isEnabled() and dialog.retry_button.text() == "Retry all failed"

    # fix the cause on the server, then retry: the rename goes through
    run(qtbot, qloop, app_state.api.collections.update(first.id, name="Keepers (old)"))
    dialog.tree.topLevelItem(0).setSelected(True)
    assert dialog.retry_button.text() == "Retry"
    dialog.retry_button.click()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0, timeout=5000)
    assert dialog.empty.isVisible() and not dialog.retry_button.isEnabled()
    assert app_state.outbox.get(op_id) is None or app_state.outbox.get(op_id).state == "done"
    info = run(qtbot, qloop, app_state.api.collections.info(second.id))
    assert info.name == "Keepers"


def test_discard_asks_first_then_drops_the_edit(qtbot, qloop, app_state, refused_rename):
    first, second, op_id = refused_rename
    dialog = make_dialog(qtbot, app_state)

    dialog.discard_button.click()
    dialog.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert app_state.outbox.get(op_id).state == "failed"  # cancelled: kept

    dialog.discard_button.click()
    dialog.confirm.button(QMessageBox.StandardButton.Discard).click()
    assert app_state.outbox.get(op_id) is None
    assert rows(dialog) == []
    info = run(qtbot, qloop, app_state.api.collections.info(second.id))
    assert info.name == "Rejects"  # never renamed


def test_live_updates_show_pending_edits_in_words(qtbot, qloop, app_state):
    dialog = make_dialog(qtbot, app_state)
    assert rows(dialog) == [] and dialog.empty.isVisible()
    created = run(qtbot, qloop, app_state.api.collections.create(app_state.project.id, "Night FPs"))
    run(qtbot, qloop, app_state.refresh_collections())
    page = run(qtbot, qloop, app_state.api.images.page(1, 12, project_id=app_state.project.id))
    app_state.service.enqueue_items(ADD_ITEMS, created.id, [img.id for img in page.items])
    # enqueued and shown before the loop had a chance to send it
    [row] = rows(dialog)
    assert row[0] == "Add 12 items to collection “Night FPs”"
    assert row[1] in ("Waiting", "Sending…")
    qtbot.waitUntil(lambda: rows(dialog) == [], timeout=5000)
    app_state.outbox.enqueue(ADD_ITEMS, {"collectionId": 987654, "entityIds": [page.items[0].id]})
    qtbot.waitUntil(lambda: [r[1] for r in rows(dialog)] == ["Failed"], timeout=5000)
    assert rows(dialog)[0][0] == "Add 1 item to collection 987654"
    assert "not found" in rows(dialog)[0][4].lower()


def test_a_queued_create_and_the_edits_waiting_for_its_id_are_shown_in_words(qtbot, qloop, app_state):
    dialog = make_dialog(qtbot, app_state)
    page = run(qtbot, qloop, app_state.api.images.page(1, 2, project_id=app_state.project.id))
    service = app_state.service
    service.enqueue_create(CollectionRef(None), "Night FPs", "", [img.id for img in page.items])
    # enqueued and shown before the loop had a chance to send them
    assert [row[0] for row in rows(dialog)] == ["Create collection “Night FPs”", "Add 2 items to the new collection"]
    qtbot.waitUntil(lambda: rows(dialog) == [], timeout=5000)

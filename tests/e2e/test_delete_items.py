"""Deleting items from their datasets in the real window against the real
bundled server: Shift+Delete asks first (datasets, collections, queues, not
undoable, Cancel the default), Cancel changes nothing, confirming deletes
exactly the selection everywhere and the window follows; the Delete key never
deletes from a dataset; a refusal or an unreachable server changes nothing."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop_app.api.client import ApiClient
from desktop_app.api.errors import NotFound
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.collection_backend import ADD_ITEMS
from desktop_app.qt.app_state import AppState
from desktop_app.server.db.models import TeamMember
from desktop_app.ui.browse.delete_actions import DELETE_KEY_HINT, DeleteActions
from desktop_app.ui.browse.delete_dialog import DeleteItemsDialog
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog
from tests.e2e.window_driver import settle
from tests.qt.app_fixtures import DEMO_SIZE, app_state  # noqa: F401 (a fixture)
from tests.ui.collection_helpers import make_collection, run, server_items
from tests.ui.queue_helpers import make_queue

SHIFT = Qt.KeyboardModifier.ShiftModifier


def project_images(qtbot, qloop, state):
    return run(qtbot, qloop, state.api.images.list(project_id=state.project.id))


def pick_from_two_datasets(images, first: int, second: int):
    """`first` items of one dataset and `second` of another, in list order."""
    by_dataset: dict[int, list] = {}
    for image in images:
        by_dataset.setdefault(image.dataset_id, []).append(image)
    a, b = list(by_dataset)[:2]
    return by_dataset[a][:first] + by_dataset[b][:second]


def select_ids(qtbot, window, ids) -> None:
    browse = window.browse
    qtbot.waitUntil(lambda: all(browse.model.row_of(i) is not None for i in ids), timeout=10_000)
    browse.select_rows([browse.model.row_of(i) for i in ids])
    assert browse.selected_count() == len(ids)


def focus_list(qtbot, window):
    view = window.views.current_view()
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=5000)
    return view


def open_delete_dialog(qtbot, window) -> DeleteItemsDialog:
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Delete, SHIFT)
    actions = window.delete_actions
    qtbot.waitUntil(lambda: isinstance(actions.dialog, DeleteItemsDialog), timeout=10_000)
    return actions.dialog


def escape(qtbot, dialog) -> None:
    """Esc as a user presses it: once the dialog is the active window. Before that, the window
    behind it still has the keys, and its own Esc (Clear selection) took the key (a flake under load)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def messages_of(state) -> list[str]:
    said: list[str] = []
    state.messageRaised.connect(said.append)
    state.errorRaised.connect(said.append)
    return said


def test_shift_delete_asks_with_datasets_collections_and_queues_and_cancel_changes_nothing(
    qtbot, qloop, tmp_path, windows
):
    window = windows(tmp_path / "home")
    state = window.state
    images = project_images(qtbot, qloop, state)
    chosen = pick_from_two_datasets(images, 3, 2)
    ids = [i.id for i in chosen]
    others = [i.id for i in images if i.id not in ids]
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:2] + others[:3])
    make_collection(qtbot, qloop, state, "Night", ids[4:] + others[3:5])
    make_collection(qtbot, qloop, state, "Unrelated", others[5:8])
    make_queue(qtbot, qloop, state, "Label hard cases", hard.id)

    select_ids(qtbot, window, ids)
    dialog = open_delete_dialog(qtbot, window)
    expected = Counter(state.dataset_name(i.dataset_id) for i in chosen)
    assert dict((name, int(n)) for name, n in dialog.dataset_rows) == dict(expected)
    assert dialog.title.text() == "Delete 5 items from their datasets?"
    assert dialog.where.text() == (
        "They are in 2 collections and 1 labeling queue; deleting takes them out of those too."
    )
    assert "cannot be undone" in dialog.irreversible.text()
    assert dialog.delete_button.text() == "Delete 5 items"
    assert dialog.cancel_button.isDefault() and not dialog.delete_button.isDefault()
    assert not dialog.delete_button.autoDefault()
    assert not dialog.notes.isVisibleTo(dialog)
    shot = tmp_path / "delete-dialog.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 0

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter means Cancel
    qtbot.waitUntil(lambda: window.delete_actions.dialog is None, timeout=5000)
    settle(qtbot, window)
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE
    assert server_items(qtbot, qloop, state, hard.id) == set(ids[:2] + others[:3])
    assert window.browse.total == DEMO_SIZE and window.browse.selected_count() == 5


def test_confirming_deletes_exactly_the_selection_and_the_window_follows(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    images = project_images(qtbot, qloop, state)
    chosen = pick_from_two_datasets(images, 2, 1)
    ids = [i.id for i in chosen]
    others = [i.id for i in images if i.id not in ids]
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids + others[:2])
    queue_id = make_queue(qtbot, qloop, state, "Label hard cases", hard.id)
    dataset_counts = {d.id: d.items_count for d in state.datasets}

    # an earlier, undoable edit names one of the items to be deleted and one to be kept
    state.session.set_scope(Scope.collection(hard.id))
    qtbot.waitUntil(lambda: window.browse.total == 5, timeout=10_000)
    select_ids(qtbot, window, [ids[0], others[0]])
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Backspace)
    settle(qtbot, window)
    assert server_items(qtbot, qloop, state, hard.id) == {ids[1], ids[2], others[1]}
    assert state.undo_stack.undoText() == "Remove 2 items from “Hard cases”"

    # Del in the sidebar still means "delete this collection" (it asks), never the items
    sidebar_view = window.sidebar.view
    window.activateWindow()
    sidebar_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sidebar_view, timeout=5000)
    qtbot.keyClick(sidebar_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.sidebar.dialog is not None, timeout=5000)
    assert "Delete the collection “Hard cases”?" in window.sidebar.dialog.text()
    window.sidebar.dialog.reject()
    assert window.delete_actions.dialog is None
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE

    # open the first item in the viewer, then delete from "all items"
    state.session.set_scope(Scope.all())
    qtbot.waitUntil(lambda: window.browse.total == DEMO_SIZE, timeout=10_000)
    window.viewer_opener.open_item(ids[0])
    viewer = window.viewer_opener.viewer
    qtbot.waitUntil(lambda: viewer.current_id == ids[0], timeout=10_000)
    window.activateWindow()
    select_ids(qtbot, window, ids)
    said = messages_of(state)
    dialog = open_delete_dialog(qtbot, window)
    assert dialog.where.text() == "They are in 1 collection and 1 labeling queue; deleting takes them out of those too."
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Deleted 3 items from their datasets." in said, timeout=10_000)
    settle(qtbot, window)

    # the server: exactly those items are gone, from their datasets, the collection and the queue
    left = {i.id for i in project_images(qtbot, qloop, state)}
    assert left == {i.id for i in images} - set(ids)
    assert server_items(qtbot, qloop, state, hard.id) == {others[1]}
    assert {e.id for e in run(qtbot, qloop, state.api.queues.entities(queue_id))} == {others[1]}
    # the window: list, counts, collections, queue panel, viewer, undo
    qtbot.waitUntil(lambda: window.browse.total == DEMO_SIZE - 3, timeout=10_000)
    assert all(window.browse.model.row_of(i) is None for i in ids)
    assert window.browse.selected_count() == 0
    qtbot.waitUntil(lambda: state.project.items_count == DEMO_SIZE - 3, timeout=10_000)
    gone_from = Counter(i.dataset_id for i in chosen)
    assert {d.id: d.items_count for d in state.datasets} == {
        d: n - gone_from.get(d, 0) for d, n in dataset_counts.items()
    }
    # counts, collections and queues are read again side by side: wait for this one too
    qtbot.waitUntil(lambda: state.collection(hard.id).items_count == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.queue_panel.shown_counts(queue_id) == (1, 0, 0, 0), timeout=10_000)
    assert not viewer.isVisible()
    assert "The item open in the viewer was deleted; the viewer was closed." in said
    assert state.undo_stack.undoText() == "Remove 1 item from “Hard cases”"  # the deleted one is forgotten

    # undoing the earlier removal puts back the kept item only, resurrects nothing, fails nothing
    errors: list[str] = []
    state.errorRaised.connect(errors.append)
    window.collection_actions.undo_action.trigger()
    settle(qtbot, window)
    assert server_items(qtbot, qloop, state, hard.id) == {others[1], others[0]}
    assert errors == []
    try:
        run(qtbot, qloop, state.api.images.info(ids[0]))
        raise AssertionError("a deleted item came back")
    except NotFound:
        pass
    assert not state.undo_stack.canRedo() or state.undo_stack.redoText() == "Remove 1 item from “Hard cases”"


def test_the_delete_key_outside_a_collection_deletes_nothing(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    dataset = state.datasets[0]
    state.session.set_scope(Scope.dataset(dataset.id))
    qtbot.waitUntil(lambda: window.browse.total == dataset.items_count, timeout=10_000)
    ids = [window.browse.model.item_at(r).id for r in range(3)]
    select_ids(qtbot, window, ids)
    said = messages_of(state)
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Delete)
    assert said == [DELETE_KEY_HINT]
    assert window.delete_actions.dialog is None and window.collection_actions.dialog is None
    settle(qtbot, window)
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE
    assert window.browse.selected_count() == 3

    window.browse.clear_selection()
    assert not window.delete_actions.delete_action.isEnabled()  # nothing selected: nothing to delete
    window.browse.select_all_matching()  # Ctrl+A: every item of the dataset, not loaded
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE
    assert window.delete_actions.delete_action.isEnabled()

    # Shift+Delete offers the whole dataset, counted on the server; Esc cancels
    dialog = open_delete_dialog(qtbot, window)
    assert dialog.dataset_rows == [(dataset.name, f"{dataset.items_count:,}")]
    assert dialog.where.text() == "They are in no collection and no labeling queue."
    escape(qtbot, dialog)
    qtbot.waitUntil(lambda: window.delete_actions.dialog is None, timeout=5000)
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE


def test_a_second_press_while_the_first_check_runs_opens_one_dialog(qtbot, tmp_path, windows):
    """Two presses of Shift+Delete before the first check answers: the second check replaces
    the first, so one dialog opens and Esc leaves none behind (two opened one over the other)."""
    window = windows(tmp_path / "home")
    state, actions = window.state, window.delete_actions
    dataset = state.datasets[0]
    state.session.set_scope(Scope.dataset(dataset.id))
    qtbot.waitUntil(lambda: window.browse.total == dataset.items_count, timeout=10_000)
    window.browse.select_all_matching()
    plans: list[object] = []
    confirm = actions._confirm
    actions._confirm = lambda plan: (plans.append(plan), confirm(plan))  # the real one, counted
    actions.delete_selected()
    actions.delete_selected()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, DeleteItemsDialog), timeout=10_000)
    qtbot.waitUntil(lambda: not state.busy, timeout=10_000)  # the replaced check left no label behind
    assert len(plans) == 1
    escape(qtbot, actions.dialog)
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=5000)


def test_the_edit_menu_the_list_menu_and_the_cheat_sheet_name_the_keys(qtbot, tmp_path, windows):
    window = windows(tmp_path / "home")
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert "Delete from dataset…" in [a.text() for a in edit_menu.actions()]
    list_menu = [a.text() for a in window.views.context_menu().actions() if not a.isSeparator()]
    assert list_menu[-2:] == ["Remove from collection", "Delete from dataset…"]
    assert "Add selection to collection…" in list_menu
    rows = ShortcutsDialog(window.all_actions(), window).rows()
    assert ("Edit", "Delete from dataset…", "Shift+Del") in rows
    assert ("Edit", "Remove from collection", "Backspace") in rows
    assert ("Edit", "Remove from collection", "Del") in rows
    # Del in the sidebar deletes the collection, through the same one Delete key
    assert not any(r[1] == "Delete collection…" and r[2] for r in rows)


def test_the_delete_key_in_a_collection_removes_from_the_collection_only(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    ids = [i.id for i in project_images(qtbot, qloop, state)[:4]]
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids)
    state.session.set_scope(Scope.collection(hard.id))
    qtbot.waitUntil(lambda: window.browse.total == 4, timeout=10_000)
    select_ids(qtbot, window, ids[:2])
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert server_items(qtbot, qloop, state, hard.id) == set(ids[2:])
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE  # still in their datasets
    qtbot.waitUntil(lambda: window.browse.total == 2, timeout=10_000)
    assert state.undo_stack.undoText() == "Remove 2 items from “Hard cases”"

    # also with the focus elsewhere in the window (issue 11: Delete did nothing there)
    select_ids(qtbot, window, ids[2:3])
    window.activateWindow()
    window.filters.presets.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.filters.presets, timeout=5000)
    qtbot.keyClick(window.filters.presets, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert server_items(qtbot, qloop, state, hard.id) == set(ids[3:])


def test_a_viewer_role_is_refused_and_nothing_changes(qtbot, qloop, tmp_path, windows, demo, live):
    window = windows(tmp_path / "home")
    state = window.state
    ids = [i.id for i in project_images(qtbot, qloop, state)[:3]]
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids)
    with live.sessions()() as s, s.begin():  # the team's admin made the user a viewer meanwhile
        member = s.scalar(
            select(TeamMember).where(
                TeamMember.team_id == demo.summary.team_id, TeamMember.user_id == demo.summary.user_id
            )
        )
        member.role = "viewer"
    select_ids(qtbot, window, ids)
    errors: list[str] = []
    state.errorRaised.connect(errors.append)
    dialog = open_delete_dialog(qtbot, window)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    settle(qtbot, window)
    assert errors[0].startswith("Nothing was deleted: you do not have permission")
    assert "is viewer: it does not allow deleting" in errors[0]
    assert len(project_images(qtbot, qloop, state)) == DEMO_SIZE
    assert server_items(qtbot, qloop, state, hard.id) == set(ids)
    assert window.browse.total == DEMO_SIZE and window.browse.selected_count() == 3
    assert state.outbox.pending() == [] and state.outbox.failed() == []  # never queued


def test_an_unreachable_server_deletes_nothing_and_queues_nothing(app_state, qtbot, qloop, tmp_path):
    """The window's DeleteActions over a state whose server cannot be reached
    (as if the connection dropped after the project opened)."""
    from PySide6.QtWidgets import QWidget

    ids = [i.id for i in project_images(qtbot, qloop, app_state)[:4]]
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids)
    make_queue(qtbot, qloop, app_state, "Label hard cases", hard.id)
    cut_off = AppState(ApiClient("http://127.0.0.1:9", "token", read_retry_budget=0.2), tmp_path / "o.sqlite")
    cut_off.start()
    cut_off.session.open_project(app_state.project, app_state.datasets, app_state.meta)
    cut_off.session.set_collections(app_state.collections)
    cut_off.session.set_queues(app_state.queues)
    host = QWidget()
    qtbot.addWidget(host)

    async def selection(progress):
        return ids

    actions = DeleteActions(cut_off, selection, lambda: Scope.all(), lambda: None, host, host)
    errors: list[str] = []
    cut_off.errorRaised.connect(errors.append)
    actions.delete_selected()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, DeleteItemsDialog), timeout=10_000)
    dialog = actions.dialog
    assert dialog.dataset_rows == [("Their datasets could not be read", "")]
    assert dialog.where.text() == (
        "They are in an unknown number of collections and an unknown number of labeling queues."
    )
    assert dialog.notes.text() == "Some numbers are unknown: the server could not be reached."
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: bool(errors) and not cut_off.busy, timeout=10_000)
    assert errors[0].startswith("Nothing was deleted: the server could not be reached. Deleting is not queued")
    assert cut_off.outbox.pending() == [] and cut_off.outbox.failed() == []
    assert len(project_images(qtbot, qloop, app_state)) == DEMO_SIZE

    # an edit still waiting in the outbox may name these items: no delete before it is sent
    cut_off.outbox.enqueue(ADD_ITEMS, {"collectionId": hard.id, "entityIds": ids[:1]})
    actions.delete_selected()
    assert errors[-1] == (
        "1 edit is still waiting to be sent. Delete once it has reached the server "
        "(File ▸ Pending edits…); nothing was deleted."
    )
    assert actions.dialog is None and not cut_off.busy
    run(qtbot, qloop, cut_off.close())

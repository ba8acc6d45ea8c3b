"""Item actions with collections on the real server: add with the dialog, the
target key, remove, drops, undo and redo."""

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.item_mime import ItemsPayload, encode_items
from desktop_app.ui.collections.add_all_dialog import AddAllMatchingDialog
from desktop_app.ui.collections.add_to_collection_dialog import AddToCollectionDialog
from desktop_app.ui.collections.collection_actions import LARGE_REMOVE, CollectionActions
from desktop_app.ui.collections.collection_dialogs import ConfirmDialog
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from tests.ui.collection_helpers import (
    drop_at,
    make_collection,
    project_item_ids,
    run,
    server_collections,
    server_items,
    settle,
)
from tests.ui.queue_helpers import make_queue


class Picks:
    """What the browse side would answer: the selection, or everything matching."""

    def __init__(self, all_ids):
        self.all = list(all_ids)
        self.selected: list[int] = []
        self.scope = Scope.all()
        self.asked: list[str] = []

    async def selected_ids(self, progress):
        self.asked.append("selected")
        return list(self.selected)

    async def matching_ids(self, progress):
        self.asked.append("matching")
        progress(0, len(self.all))
        return list(self.all)


def setup(qtbot, qloop, state):
    ids = project_item_ids(qtbot, qloop, state)
    picks = Picks(ids)
    host = QWidget()
    host.setLayout(QVBoxLayout())
    qtbot.addWidget(host)
    actions = CollectionActions(state, picks.matching_ids, picks.selected_ids, lambda: picks.scope, host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    messages, errors = [], []
    state.messageRaised.connect(messages.append)
    state.errorRaised.connect(errors.append)
    return ids, picks, host, actions, messages, errors


def test_add_with_the_dialog_then_undo_and_redo(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:2])
    picks.selected = ids[:4]
    actions.add_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, AddToCollectionDialog))
    dialog = actions.dialog
    dialog.select_collection(hard.id)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.collection_id == hard.id)
    assert dialog.preview.summary() == "2 new, 2 already in, 0 unavailable"
    dialog.ok_button.click()
    settle(qtbot, app_state)

    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:4])
    assert messages[-1] == "Added to “Hard cases”: 2 new, 2 already in, 0 unavailable."
    assert actions.undo_action.text() == "Undo Add 2 items to “Hard cases”"
    actions.undo_action.trigger()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:2])  # only the new ones left
    actions.redo_action.trigger()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:4])
    assert errors == []


def test_nothing_selected_refuses_naming_the_explicit_add_all_command(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    for action in (actions.add_action, actions.new_from_items_action):
        action.trigger()
        qtbot.waitUntil(lambda: bool(messages))
        assert "Nothing is selected" in messages[-1] and "Add all matching to collection…" in messages[-1]
        assert actions.dialog is None
        messages.clear()
    assert picks.asked == ["selected", "selected"]  # never everything matching


def test_add_all_matching_previews_the_count_cancel_is_default_and_adds_in_one_step(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    picks.selected = ids[:1]  # a selection does not narrow "all matching"
    actions.add_all_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, AddAllMatchingDialog))
    dialog = actions.dialog
    assert picks.asked == ["matching"]
    assert dialog.title_label.text() == f"Add all {len(ids)} items matching the filter to a collection"
    dialog.picker.name_edit.setText("Everything")
    assert dialog.ok_button.text() == f"Add {len(ids)} items" and dialog.ok_button.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault() and not dialog.ok_button.isDefault()
    qtbot.keyClick(dialog.picker.name_edit, Qt.Key.Key_Return)  # Enter is not "add"
    assert server_collections(qtbot, qloop, app_state) == {}
    if actions.dialog is None:  # Enter closed it through Cancel, the default: open it again
        actions.add_all_action.trigger()
        qtbot.waitUntil(lambda: isinstance(actions.dialog, AddAllMatchingDialog))
        dialog = actions.dialog
        dialog.picker.name_edit.setText("Everything")
    dialog.ok_button.click()
    settle(qtbot, app_state)

    everything = server_collections(qtbot, qloop, app_state)["Everything"]
    assert server_items(qtbot, qloop, app_state, everything.id) == set(ids)
    assert app_state.undo_stack.count() == 1
    assert app_state.undo_stack.undoText() == f"Add {len(ids)} items to new collection “Everything”"
    app_state.undo_stack.undo()
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state) == {}


def test_add_all_matching_names_the_queues_the_collection_feeds(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    fed = make_collection(qtbot, qloop, app_state, "Fed", ids[:1])
    make_queue(qtbot, qloop, app_state, "Boxes", fed.id)
    make_queue(qtbot, qloop, app_state, "Tags", fed.id)
    actions.add_all_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, AddAllMatchingDialog))
    dialog = actions.dialog
    dialog.select_collection(fed.id)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.collection_id == fed.id)
    assert "feeds 2 labeling queues (“Boxes”, “Tags”)" in dialog.preview_label.text()
    assert not dialog.ok_button.isDefault()
    dialog.reject()


def test_t_adds_the_selection_to_the_target(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:1])
    picks.selected = ids[:3]
    qtbot.keyClick(host, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: bool(messages))
    assert "No target collection" in messages[-1]

    actions.set_target(hard.id)
    assert actions.add_to_target_action.text() == "Add to “Hard cases”"
    qtbot.keyClick(host, Qt.Key.Key_T)
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:3])
    assert messages[-1] == "Added to “Hard cases”: 2 new, 1 already in, 0 unavailable."
    assert picks.asked == ["selected"]  # never "everything matching" on a single key

    qtbot.keyClick(host, Qt.Key.Key_T)  # all in already: nothing to push
    settle(qtbot, app_state)
    assert "nothing to add" in messages[-1] and app_state.undo_stack.count() == 1
    app_state.undo_stack.undo()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:1])


def test_t_does_not_fire_while_typing_in_a_text_field(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    actions.set_target(hard.id)
    picks.selected = ids[:3]
    field = QLineEdit(host)
    host.layout().addWidget(field)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "tt")
    settle(qtbot, app_state)
    assert field.text() == "tt" and server_items(qtbot, qloop, app_state, hard.id) == set()


def test_a_server_refusal_is_shown_and_changes_nothing(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    gone = make_collection(qtbot, qloop, app_state, "Gone")
    actions.set_target(gone.id)
    run(qtbot, qloop, app_state.api.collections.remove(gone.id))  # deleted elsewhere; not refreshed here
    picks.selected = ids[:2]
    actions.add_to_target_action.trigger()
    settle(qtbot, app_state)
    assert errors and "not found" in errors[-1].lower()
    assert app_state.undo_stack.count() == 0 and not app_state.outbox.failed()


def test_remove_from_the_collection_shown_asks_when_some_are_not_in_it(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:6])
    picks.selected = ids[:2]
    actions.remove_action.trigger()
    qtbot.waitUntil(lambda: bool(messages))
    assert "Open a collection" in messages[-1]  # "All items" is shown: nothing to remove from

    picks.scope = Scope.collection(hard.id)
    qtbot.keyClick(host, Qt.Key.Key_Backspace)
    settle(qtbot, app_state)
    assert actions.dialog is None  # a plain removal needs no question
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[2:6])
    assert app_state.undo_stack.undoText() == "Remove 2 items from “Hard cases”"

    picks.selected = ids[2:4] + [ids[10]]  # one is not in the collection: ask first
    actions.remove_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, ConfirmDialog))
    assert "2 to remove, 1 not in the collection" in actions.dialog.informativeText()
    actions.dialog.cancel_button.click()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[2:6])

    actions.remove_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, ConfirmDialog))
    actions.dialog.confirm_button.click()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[4:6])

    app_state.undo_stack.undo()
    app_state.undo_stack.undo()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:6])
    assert errors == []


def test_removing_many_items_asks_first(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:5])
    assert actions.large_remove == LARGE_REMOVE
    actions.large_remove = 3  # the demo project is small: lower the bar
    picks.scope = Scope.collection(hard.id)
    picks.selected = ids[:4]
    actions.remove_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, ConfirmDialog))
    assert actions.dialog.confirm_button.text() == "Remove 4 items"
    assert actions.dialog.defaultButton() is actions.dialog.cancel_button
    actions.dialog.reject()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:5])


def test_dropping_items_on_a_collection_adds_them(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = CollectionsSidebar(app_state, host)
    host.layout().addWidget(sidebar)
    sidebar.itemsDropped.connect(actions.add_payload)  # as the main window wires it
    qtbot.waitUntil(sidebar.isVisible)
    index = sidebar.model.collection_index(hard.id)
    row = sidebar.view.visualRect(index).center()

    assert drop_at(sidebar.view.viewport(), row, encode_items(app_state.project.id, ids[:3]))
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:3])
    qtbot.waitUntil(
        lambda: (
            sidebar.model.collection_index(hard.id).data() == "Hard cases"
            and app_state.collection(hard.id).items_count == 3
        )
    )

    # "All matching" is resolved by the browse side.
    assert drop_at(sidebar.view.viewport(), row, encode_items(app_state.project.id, [], all_matching=True))
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids)
    assert picks.asked == ["matching"]
    assert app_state.undo_stack.count() == 2


def test_a_payload_of_another_project_is_refused(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    actions.add_payload(hard.id, ItemsPayload(app_state.project.id + 1, tuple(ids[:2])))
    settle(qtbot, app_state)
    assert errors and "another project" in errors[-1]
    assert server_items(qtbot, qloop, app_state, hard.id) == set()


def test_undo_and_redo_have_the_usual_keys(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    assert actions.undo_action.shortcuts() == [QKeySequence("Ctrl+Z")]
    assert set(actions.redo_action.shortcuts()) == {QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")}
    assert not actions.undo_action.isEnabled()
    actions.set_target(hard.id)
    picks.selected = ids[:2]
    qtbot.keyClick(host, Qt.Key.Key_T)
    settle(qtbot, app_state)
    qtbot.keyClick(host, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set()
    qtbot.keyClick(host, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:2])


def test_collecting_many_items_can_be_cancelled(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    started = []

    async def slow_ids(progress):
        progress(10, 1_000_000)
        started.append(True)
        await asyncio.Event().wait()  # a listing that would take a long time

    actions._matching_ids = slow_ids
    busy = []
    app_state.busyChanged.connect(lambda label, done, total: busy.append((label, done, total)))
    actions.add_all_action.trigger()
    qtbot.waitUntil(lambda: bool(started))
    assert ("Collecting items", 10, 1_000_000) in busy
    app_state.cancel_work()
    qtbot.waitUntil(lambda: not app_state.busy)
    assert messages[-1] == "Collecting items cancelled"
    assert actions.dialog is None and errors == []


def test_the_target_action_follows_a_rename(app_state, qtbot, qloop):
    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    actions.set_target(hard.id)
    run(qtbot, qloop, app_state.api.collections.update(hard.id, name="Harder"))
    run(qtbot, qloop, app_state.refresh_collections())
    assert actions.add_to_target_action.text() == "Add to “Harder”"


def test_a_new_collection_from_all_matching_remembers_its_filter_and_scope(app_state, qtbot, qloop):
    """Made from a filter (and the scope, here one dataset), the collection keeps them as
    sourceFilters: its drift starts at 0 / 0 and follows what changes afterwards."""
    from desktop_app.domain.filters import FilterSpec, list_body
    from tests.ui.filter_helpers import class_id

    ids, picks, host, actions, messages, errors = setup(qtbot, qloop, app_state)
    api, project = app_state.api, app_state.project
    spec = FilterSpec(classes_present=(class_id(app_state, "car"),))
    dataset = app_state.session.datasets[0]
    body = list_body(spec, project_id=project.id)
    matching = run(qtbot, qloop, api.images.list(dataset_id=dataset.id, filter=body["filter"], filters=body["filters"]))
    assert len(matching) >= 2
    app_state.session.set_filter(spec)
    picks.scope = Scope.dataset(dataset.id)
    picks.all = [i.id for i in matching]
    actions.add_all_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, AddAllMatchingDialog))
    actions.dialog.picker.name_edit.setText("Cars of one dataset")
    actions.dialog.ok_button.click()
    settle(qtbot, app_state)

    made = server_collections(qtbot, qloop, app_state)["Cars of one dataset"]
    assert made.remembers_filter
    drift = run(qtbot, qloop, api.smart_collections.drift(made.id))
    assert (drift.added, drift.removed) == (0, 0)  # the filter AND the dataset: nothing more matches
    run(qtbot, qloop, api.collections.remove_items(made.id, [matching[0].id]))
    drift = run(qtbot, qloop, api.smart_collections.drift(made.id))
    assert (drift.added, drift.removed) == (1, 0)
    assert errors == []

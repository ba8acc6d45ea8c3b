"""Editing collections from the sidebar (new, rename, description, duplicate,
delete) through its dialogs, each checked on the real server, then undone and
redone."""

from PySide6.QtCore import Qt

from desktop_app.domain.browse_scope import Scope
from desktop_app.ui.collections.collection_dialogs import CollectionNameDialog, ConfirmDialog
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from tests.ui.collection_helpers import make_collection, project_item_ids, server_collections, server_items, settle


def make_sidebar(qtbot, state) -> CollectionsSidebar:
    sidebar = CollectionsSidebar(state)
    qtbot.addWidget(sidebar)
    sidebar.show()
    return sidebar


def fill(dialog: CollectionNameDialog, name: str | None = None, description: str | None = None) -> None:
    if name is not None:
        dialog.name_edit.setText(name)
    if description is not None:
        dialog.description_edit.setPlainText(description)


def undo_redo(qtbot, state, check_undone, check_redone) -> None:
    state.undo_stack.undo()
    settle(qtbot, state)
    assert check_undone()
    state.undo_stack.redo()
    settle(qtbot, state)
    assert check_redone()


def test_new_collection_is_created_selected_and_undoable(app_state, qtbot, qloop):
    sidebar = make_sidebar(qtbot, app_state)
    scopes = []
    sidebar.scopeSelected.connect(scopes.append)
    sidebar.new_action.trigger()
    dialog = sidebar.dialog
    assert isinstance(dialog, CollectionNameDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no name yet
    fill(dialog, "  Night misses ", "cars the model missed at night")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, app_state)

    created = server_collections(qtbot, qloop, app_state)["Night misses"]
    assert created.description == "cars the model missed at night"
    qtbot.waitUntil(lambda: sidebar.scope == Scope.collection(created.id))
    assert scopes[-1] == Scope.collection(created.id)
    assert app_state.undo_stack.undoText() == "Create collection “Night misses”"
    undo_redo(
        qtbot,
        app_state,
        lambda: server_collections(qtbot, qloop, app_state) == {},
        lambda: list(server_collections(qtbot, qloop, app_state)) == ["Night misses"],
    )
    assert list(server_collections(qtbot, qloop, app_state)) == ["Night misses"]


def test_name_problems_are_shown_while_typing_and_block_ok(app_state, qtbot, qloop):
    make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.new_action.trigger()
    dialog = sidebar.dialog
    cases = {
        "   ": "Type a name",
        "x" * 256: "maximum is 255",
        "Hard cases": "already exists",
        " hard CASES ": "differ only in case",  # issue 11: "Training Set" next to "training set"
    }
    for name, message in cases.items():
        fill(dialog, name)
        assert not dialog.ok_button.isEnabled(), name
        assert message in dialog.problem.text()
    fill(dialog, "x" * 255)
    assert dialog.ok_button.isEnabled() and not dialog.problem.isVisibleTo(dialog)
    dialog.reject()
    assert list(server_collections(qtbot, qloop, app_state)) == ["Hard cases"]
    assert app_state.undo_stack.count() == 0


def test_rename_and_its_undo(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.rename_action.trigger()
    dialog = sidebar.dialog
    assert dialog.name_edit.text() == "Hard cases" and dialog.ok_button.isEnabled()  # its own name is fine
    fill(dialog, "Very hard cases")
    dialog.ok_button.click()
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state)["Very hard cases"].id == hard.id
    qtbot.waitUntil(lambda: sidebar.view.currentIndex().data() == "Very hard cases")
    assert app_state.undo_stack.undoText() == "Rename “Hard cases” to “Very hard cases”"
    undo_redo(
        qtbot,
        app_state,
        lambda: server_collections(qtbot, qloop, app_state)["Hard cases"].id == hard.id,
        lambda: server_collections(qtbot, qloop, app_state)["Very hard cases"].id == hard.id,
    )
    assert server_collections(qtbot, qloop, app_state)["Very hard cases"].id == hard.id


def test_rename_to_a_name_taken_on_the_server_changes_nothing(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    make_collection(qtbot, qloop, app_state, "Taken", refresh=False)  # another user; not listed here yet
    errors = []
    app_state.errorRaised.connect(errors.append)
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.rename_action.trigger()
    fill(sidebar.dialog, "taken")  # differs only in case: the same name to the server
    sidebar.dialog.ok_button.click()
    settle(qtbot, app_state)
    assert errors == ["A collection named 'Taken' already exists in this project."]
    names = server_collections(qtbot, qloop, app_state)
    assert names["Hard cases"].id == hard.id and set(names) == {"Hard cases", "Taken"}
    assert app_state.undo_stack.count() == 0
    assert not app_state.outbox.failed()


def test_edit_description_and_its_undo(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", description="old words")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.describe_action.trigger()
    dialog = sidebar.dialog
    assert dialog.description_edit.toPlainText() == "old words" and not dialog.name_edit.isVisibleTo(dialog)
    fill(dialog, description="false positives of model v3")
    dialog.ok_button.click()
    settle(qtbot, app_state)

    def description():
        return server_collections(qtbot, qloop, app_state)["Hard cases"].description

    assert description() == "false positives of model v3"
    undo_redo(
        qtbot, app_state, lambda: description() == "old words", lambda: description() == "false positives of model v3"
    )
    assert description() == "false positives of model v3"
    qtbot.waitUntil(
        lambda: "false positives of model v3" in sidebar.view.currentIndex().data(Qt.ItemDataRole.ToolTipRole)
    )


def test_duplicate_copies_the_items_and_undo_removes_the_copy(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)[:6]
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids, "night")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.duplicate_action.trigger()
    dialog = sidebar.dialog
    assert dialog.name_edit.text() == "Hard cases copy"
    assert dialog.description_edit.toPlainText() == "night"
    fill(dialog, "Hard cases v2", "night, second pass")
    dialog.ok_button.click()
    settle(qtbot, app_state)

    copy = server_collections(qtbot, qloop, app_state)["Hard cases v2"]
    assert copy.description == "night, second pass"
    assert server_items(qtbot, qloop, app_state, copy.id) == set(ids)
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids)
    app_state.undo_stack.undo()
    settle(qtbot, app_state)
    assert set(server_collections(qtbot, qloop, app_state)) == {"Hard cases"}
    app_state.undo_stack.redo()
    settle(qtbot, app_state)
    again = server_collections(qtbot, qloop, app_state)["Hard cases v2"]
    assert server_items(qtbot, qloop, app_state, again.id) == set(ids)


def test_delete_asks_first_cancel_keeps_it_and_undo_brings_it_back(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)[:4]
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids, "night")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))

    sidebar.delete_action.trigger()
    dialog = sidebar.dialog
    assert isinstance(dialog, ConfirmDialog) and "Hard cases" in dialog.text()
    assert "4 items stay in their datasets" in dialog.informativeText()
    assert dialog.defaultButton() is dialog.cancel_button
    dialog.cancel_button.click()
    settle(qtbot, app_state)
    assert list(server_collections(qtbot, qloop, app_state)) == ["Hard cases"]
    assert app_state.undo_stack.count() == 0

    sidebar.delete_action.trigger()
    sidebar.dialog.confirm_button.click()
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state) == {}
    qtbot.waitUntil(lambda: sidebar.scope == Scope.all())

    app_state.undo_stack.undo()
    settle(qtbot, app_state)
    back = server_collections(qtbot, qloop, app_state)["Hard cases"]
    assert back.description == "night" and server_items(qtbot, qloop, app_state, back.id) == set(ids)
    app_state.undo_stack.redo()
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state) == {}


def test_f2_acts_only_while_the_sidebar_has_focus(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.activateWindow()
    sidebar.view.setFocus()
    qtbot.waitUntil(lambda: sidebar.view.hasFocus())
    qtbot.keyClick(sidebar.view, Qt.Key.Key_F2)
    assert isinstance(sidebar.dialog, CollectionNameDialog)
    sidebar.dialog.reject()
    qtbot.waitUntil(lambda: sidebar.dialog is None)
    assert sidebar.rename_action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    # Delete in the sidebar is the window's one Delete key (tests/e2e/test_delete_items.py)
    assert sidebar.delete_action.shortcuts() == []

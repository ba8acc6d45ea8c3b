"""The README's two-minute tour, step by step, in the real window against the
real bundled server with the demo project: what the README says at each step
is what the window does (issue 11: README and UI disagreed). Menus are walked
by their titles, as a reader of the README would; keys and clicks go to the
widgets. Change the README and this test together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import QUEUE_STATUSES, QueueStatusFilter
from desktop_app.ui.collections.add_all_dialog import AddAllMatchingDialog
from desktop_app.ui.collections.target_chooser import TargetDialog
from desktop_app.ui.queues.move_accepted_dialog import MoveAcceptedDialog
from desktop_app.ui.queues.queue_dialog import QueueDialog
from desktop_app.ui.queues.queue_list_delegate import QueueRole
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog
from tests.e2e.window_driver import settle
from tests.ui.collection_helpers import run, server_collections, server_items
from tests.ui.queue_helpers import work
from tests.ui.test_queue_dialog import check

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def menu_action(window, *path: str) -> QAction:
    """The action at `path` of menu titles ("Filters", "Presets", ...), mnemonics ignored."""
    actions = window.menuBar().actions()
    for depth, title in enumerate(path):
        action = next(a for a in actions if a.text().replace("&", "") == title)
        if depth == len(path) - 1:
            return action
        menu = action.menu()
        assert isinstance(menu, QMenu), title
        menu.aboutToShow.emit()  # as when it opens
        actions = menu.actions()
    raise AssertionError(path)


def focus_list(qtbot, window):
    view = window.views.current_view()
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=5000)
    return view


def click_row(qtbot, view, index, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def test_the_readme_tour_is_true(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    state, browse = window.state, window.browse
    said: list[str] = []
    state.messageRaised.connect(said.append)
    state.errorRaised.connect(said.append)
    qtbot.waitUntil(lambda: state.user is not None and browse.total is not None, timeout=10000)
    everything = browse.total

    # 1. Filters → Presets → Likely false positives → "dog_pred without dog"; the panel's button has the same list
    preset = menu_action(window, "Filters", "Presets", "Likely false positives", "dog_pred without dog")
    assert [a.text() for a in window.filters.presets.preset_actions()] == [
        a.text() for a in preset.parent().actions() if a.isEnabled()
    ]
    preset.trigger()
    qtbot.waitUntil(lambda: browse.total is not None and 0 < browse.total < everything, timeout=10000)
    fps = browse.total
    view = focus_list(qtbot, window)
    boxes = window.views.show_boxes
    qtbot.keyClick(view, Qt.Key.Key_B)  # B toggles boxes
    assert window.views.show_boxes is not boxes
    qtbot.keyClick(view, Qt.Key.Key_B)

    # 2. nothing selected: Ctrl+Shift+A refuses, naming the explicit command (T too: step 5)
    assert browse.selected_count() == 0
    said.clear()
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: any("Add all matching to collection…" in m for m in said), timeout=5000)
    assert window.collection_actions.dialog is None
    # … and Edit → Add all matching to collection… previews the count, Cancel being the default
    menu_action(window, "Edit", "Add all matching to collection…").trigger()
    actions = window.collection_actions
    qtbot.waitUntil(lambda: isinstance(actions.dialog, AddAllMatchingDialog), timeout=10000)
    dialog = actions.dialog
    assert f"Add all {fps} items matching the filter" in dialog.title_label.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
    qtbot.keyClicks(dialog.picker.name_edit, "Dog false positives")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    assert dialog.preview_label.text() == f"Preview: {fps} new, 0 already in, 0 unavailable"
    assert server_collections(qtbot, qloop, state) == {}  # nothing written before the click
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    collection = server_collections(qtbot, qloop, state)["Dog false positives"]
    members = server_items(qtbot, qloop, state, collection.id)
    assert len(members) == fps

    # 3. Ctrl+Z / Ctrl+Shift+Z undo and redo
    view = focus_list(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert server_collections(qtbot, qloop, state) == {}
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: any(c.name == "Dog false positives" for c in state.collections), timeout=10000)
    collection = next(c for c in state.collections if c.name == "Dog false positives")
    assert server_items(qtbot, qloop, state, collection.id) == members

    # 4. click the collection in the left panel: its items, from all datasets
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: sidebar.model.collection_index(collection.id).isValid(), timeout=5000)
    click_row(qtbot, sidebar.view, sidebar.model.collection_index(collection.id))
    qtbot.waitUntil(lambda: browse.scope == Scope.collection(collection.id), timeout=5000)
    qtbot.waitUntil(lambda: browse.total == fps, timeout=10000)
    datasets = {
        i.dataset_id
        for i in run(qtbot, qloop, state.api.images.list(project_id=state.project.id, collection_id=collection.id))
    }
    assert len(datasets) > 1

    # 5. Ctrl+T chooses a target from any collection (the sidebar shows "All items" now); T adds the selection
    window.filters.clear()
    click_row(qtbot, sidebar.view, sidebar.model.index_of(Scope.all()))
    qtbot.waitUntil(lambda: browse.scope == Scope.all() and browse.total == everything, timeout=10000)
    view = focus_list(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.target_chooser.dialog, TargetDialog), timeout=5000)
    chooser = window.target_chooser.dialog
    chooser.select_collection(collection.id)
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    assert state.session.target == collection.id
    said.clear()
    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_T)  # nothing selected yet
    qtbot.waitUntil(lambda: any("Add all matching to collection…" in m for m in said), timeout=5000)
    outside = [r for r in range(everything) if browse.model.item_at(r) and browse.model.item_at(r).id not in members][
        :2
    ]
    view = focus_list(qtbot, window)
    click_row(qtbot, view, browse.model.index(outside[0], 0))
    click_row(qtbot, view, browse.model.index(outside[1], 0), CTRL)
    assert browse.selected_count() == 2
    qtbot.keyClick(view, Qt.Key.Key_T)
    settle(qtbot, window)
    added = {browse.model.item_at(r).id for r in outside}
    assert server_items(qtbot, qloop, state, collection.id) == members | added
    # F1 shows every shortcut
    qtbot.keyClick(view, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ShortcutsDialog)), timeout=5000)
    for shortcuts in window.findChildren(ShortcutsDialog):
        shortcuts.reject()

    # Labeling queues: right-click a collection → Create labeling queue…
    click_row(qtbot, sidebar.view, sidebar.model.collection_index(collection.id))
    qtbot.waitUntil(lambda: browse.scope == Scope.collection(collection.id), timeout=5000)
    sidebar._menu_collection = state.collection(collection.id)  # what the right-click menu sets
    window.queue_actions.collection_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.queue_actions.dialog, QueueDialog), timeout=5000)
    queue_dialog = window.queue_actions.dialog
    qtbot.waitUntil(lambda: queue_dialog.users is not None, timeout=5000)
    queue_dialog.name_edit.setText("Fix dog boxes")
    check(queue_dialog.labelers, {state.user.id})
    check(queue_dialog.reviewers, {state.user.id})
    queue_dialog.review_own.setChecked(True)
    created: list[int] = []
    queue_dialog.created.connect(created.append)
    queue_dialog.submit()
    qtbot.waitUntil(lambda: bool(created), timeout=5000)
    queue_id = created[0]
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) is not None, timeout=10000)

    # a click on the queue shows its items in the gallery
    click_row(qtbot, sidebar.view, sidebar.model.index_of(Scope.all()))
    qtbot.waitUntil(lambda: browse.total == everything, timeout=10000)
    item = next(
        panel.list.item(r) for r in range(panel.list.count()) if panel.list.item(r).data(QueueRole).id == queue_id
    )
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    qtbot.waitUntil(lambda: browse.total == len(members | added), timeout=10000)
    assert window.filters.spec().queue_status == QueueStatusFilter(queue_id, frozenset(QUEUE_STATUSES))

    # Move accepted… sends accepted items on to a training collection in one undoable step
    accepted = set(work(qtbot, qloop, state, queue_id, accepted=2)["accepted"])
    run(qtbot, qloop, state.refresh_queues())
    qtbot.waitUntil(lambda: window.queue_actions.move_action.isEnabled(), timeout=5000)
    window.queue_actions.move_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.queue_actions.dialog, MoveAcceptedDialog), timeout=5000)
    move = window.queue_actions.dialog
    move.set_new_name("Training set")
    qtbot.waitUntil(lambda: move.plan is not None, timeout=5000)
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    training = server_collections(qtbot, qloop, state)["Training set"]
    assert server_items(qtbot, qloop, state, training.id) == accepted
    assert not accepted & server_items(qtbot, qloop, state, collection.id)

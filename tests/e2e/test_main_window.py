"""The whole window against the real bundled server: the curator's loop
(filter to the model's false positives, gather them into a collection, undo a
mistake, see the collection across datasets) and the layout restored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.ui.collections.add_all_dialog import AddAllMatchingDialog
from tests.e2e.window_driver import close_window, settle
from tests.qt.app_fixtures import DEMO_SIZE


def run(qtbot, qloop, coro):
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=10000)
    return task.result()


def false_positive_spec(window) -> FilterSpec:
    meta = window.state.meta
    dog, dog_pred = meta.class_by_title("dog"), meta.class_by_title("dog_pred")
    return FilterSpec(classes_present=(dog_pred.id,), classes_absent=(dog.id,))


def test_find_false_positives_collect_them_undo_and_browse_the_collection(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    assert window.windowTitle().endswith("Collections Desk")
    qtbot.waitUntil(lambda: window.browse.total == DEMO_SIZE, timeout=10000)

    # filter: dog predicted where no dog is (the demo model's false positives)
    window.filters.set_spec(false_positive_spec(window))  # to the session: the list follows
    qtbot.waitUntil(lambda: window.browse.total is not None and 0 < window.browse.total < DEMO_SIZE, timeout=10000)
    fps = window.browse.total
    expected = run(
        qtbot,
        qloop,
        state.api.images.list(
            project_id=state.project.id,
            filters=[
                {
                    "type": "objects_class",
                    "data": {
                        "classId": state.meta.class_by_title("dog_pred").id,
                        "from": 1,
                        "to": 9999,
                        "include": True,
                    },
                },
                {
                    "type": "objects_class",
                    "data": {"classId": state.meta.class_by_title("dog").id, "from": 1, "to": 9999, "include": False},
                },
            ],
        ),
    )
    assert fps == len(expected)

    # nothing selected: "Add all matching to collection…" takes everything matching the filter
    window.collection_actions.add_all_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.collection_actions.dialog, AddAllMatchingDialog), timeout=10000)
    dialog = window.collection_actions.dialog
    dialog.picker.name_edit.setText("Dog false positives")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    assert dialog.ok_button.text() == f"Add {fps} items"
    dialog.ok_button.click()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: any(c.name == "Dog false positives" for c in state.collections), timeout=10000)
    collection = next(c for c in state.collections if c.name == "Dog false positives")
    members = run(qtbot, qloop, state.api.images.list(project_id=state.project.id, collection_id=collection.id))
    assert {i.id for i in members} == {i.id for i in expected}

    # a mistake: undo removes the collection, redo brings it back with its items
    window.collection_actions.undo_action.trigger()
    settle(qtbot, window)
    assert run(qtbot, qloop, state.api.collections.list(state.project.id)) == []
    window.collection_actions.redo_action.trigger()
    settle(qtbot, window)
    again = run(qtbot, qloop, state.api.collections.list(state.project.id))
    assert [c.name for c in again] == ["Dog false positives"]

    # the collection's items, from all datasets, with the filter cleared
    window.filters.set_spec(FilterSpec())
    window.sidebar.select_scope(Scope.collection(again[0].id))
    assert window.browse.scope == Scope.collection(again[0].id)  # one scope, the session's
    qtbot.waitUntil(lambda: window.browse.total == fps, timeout=10000)
    datasets = {i.dataset_id for i in expected}
    assert len(datasets) > 1, "the demo spreads false positives over several datasets"
    close_window(qtbot, qloop, window)


def test_layout_view_options_project_and_filters_are_restored(qtbot, qloop, demo, tmp_path, windows):
    home = tmp_path / "home"
    window = windows(home)
    window.views.set_view_mode("table")
    window.views.set_thumbnail_size(224)
    window.views.set_show_boxes(False)
    spec = FilterSpec(name_contains="night")
    window.filters.set_spec(spec)
    qtbot.waitUntil(lambda: window.browse.filter == spec, timeout=5000)
    filters_dock = window.findChild(QDockWidget, "filtersDock")
    filters_dock.hide()  # first: with it the window's minimum is wider than the offscreen screen
    qtbot.waitUntil(lambda: window.minimumWidth() <= 700, timeout=3000)  # the layout is redone later
    window.resize(700, 500)  # the offscreen screen is small; restoreGeometry clamps to it
    close_window(qtbot, qloop, window)

    reopened = windows(home)
    assert reopened.views.view_mode == "table"
    assert reopened.views.thumbnail_size == 224
    assert reopened.views.show_boxes is False
    assert (reopened.width(), reopened.height()) == (700, 500)
    assert reopened.findChild(QDockWidget, "filtersDock").isHidden()
    assert not reopened.findChild(QDockWidget, "collectionsDock").isHidden()
    assert reopened.state.project.id == demo.summary.project_id
    # the chooser follows the project the window opened
    qtbot.waitUntil(lambda: reopened.chooser.current_project_id() == demo.summary.project_id, timeout=5000)
    qtbot.waitUntil(lambda: reopened.browse.filter == spec, timeout=5000)
    assert reopened.filters.spec() == spec
    close_window(qtbot, qloop, reopened)


def test_cheat_sheet_lists_every_shortcut(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    shortcuts = {
        a.text().replace("&", ""): a.shortcut().toString() for a in window.all_actions() if not a.shortcut().isEmpty()
    }
    assert shortcuts["Keyboard shortcuts"] == "?"
    assert "Ctrl+Z" in shortcuts.values()
    clashes = {}
    for action in window.all_actions():
        for seq in action.shortcuts():
            if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
                clashes.setdefault(seq.toString(), []).append(action.text())
    assert {k: v for k, v in clashes.items() if len(v) > 1} == {}
    close_window(qtbot, qloop, window)


def test_f5_refreshes_collections_and_queues_made_elsewhere(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    made = run(qtbot, qloop, state.api.collections.create(state.project.id, "Made elsewhere"))
    me = run(qtbot, qloop, state.api.users.me())
    run(qtbot, qloop, state.api.queues.create("Queue made elsewhere", [me.id], [me.id], collection_id=made.id))
    assert not any(c.name == "Made elsewhere" for c in state.collections)
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: any(c.name == "Made elsewhere" for c in state.collections), timeout=10000)
    # well before the queue panel's own 5 s poll
    qtbot.waitUntil(lambda: any(q.name == "Queue made elsewhere" for q in state.queues), timeout=1500)

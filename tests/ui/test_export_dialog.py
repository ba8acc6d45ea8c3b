"""Export collection…: the dialog on the real demo server, the export running in
the status bar with progress, the end message, Cancel and failures leaving no
folder behind, and the chosen folder remembered."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.window_settings import WindowSettings
from desktop_app.server.db.models import Image
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.collections.export_actions import ExportActions
from desktop_app.ui.collections.export_dialog import ExportDialog
from tests.e2e.window_driver import close_window, open_window
from tests.ui.collection_helpers import make_collection, project_item_ids, right_click_collection


def actions_for(qtbot, state, tmp_path, collection=None) -> ExportActions:
    window = QWidget()
    qtbot.addWidget(window)
    return ExportActions(state, WindowSettings(tmp_path / "window.ini"), window, lambda: collection)


def open_dialog(qtbot, actions, collection, folder, fmt="supervisely") -> ExportDialog:
    actions.export(collection)
    dialog = actions.dialog
    assert isinstance(dialog, ExportDialog)
    dialog.set_format(fmt)
    dialog.folder_edit.setText(str(folder))
    return dialog


def progress_seen(state) -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    state.tasks.busyChanged.connect(lambda label, done, total: seen.append((label, done, total)))
    return seen


def test_export_from_the_dialog_with_progress_and_a_show_folder_message(app_state, qtbot, qloop, tmp_path):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:12])
    out = tmp_path / "exports"
    out.mkdir()
    actions = actions_for(qtbot, app_state, tmp_path, hard)
    seen = progress_seen(app_state)

    dialog = open_dialog(qtbot, actions, hard, out)
    assert dialog.format_box.count() == 5 and dialog.copy_images.isChecked()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: actions.message is not None, timeout=20000)

    folder = out / "Hard cases (supervisely)"
    assert actions.message.icon() == QMessageBox.Icon.Information
    assert actions.message.text().startswith("Exported 12 items") and actions.message.informativeText() == str(folder)
    assert {b.text() for b in actions.message.buttons()} == {"Show folder", "Close"}
    assert sorted(p.name for p in out.iterdir()) == ["Hard cases (supervisely)"]
    assert len(list(folder.rglob("img/*"))) == 12 and len(list(folder.rglob("ann/*.json"))) == 12
    assert json.loads((folder / "meta.json").read_text())["classes"][0]["title"] == "car"
    labels = [s for s in seen if s[0] == "Exporting “Hard cases”"]
    assert labels and labels[-1][1:] == (12, 12)  # progress reached the end in the status bar
    # the folder is remembered for the next export
    assert actions_for(qtbot, app_state, tmp_path).settings.export_folder() == str(out)


def test_cancel_leaves_nothing_behind(app_state, qtbot, qloop, tmp_path):
    ids = project_item_ids(qtbot, qloop, app_state)
    many = make_collection(qtbot, qloop, app_state, "Many", ids[:60])
    out = tmp_path / "exports"
    out.mkdir()
    actions = actions_for(qtbot, app_state, tmp_path, many)
    cancelled: list[str] = []
    app_state.tasks.cancelled.connect(cancelled.append)

    def cancel_once_writing(label: str, done: int, total: int) -> None:
        if label.startswith("Exporting") and total and any(out.iterdir()):  # the partial folder exists
            app_state.cancel_work()

    app_state.tasks.busyChanged.connect(cancel_once_writing)
    open_dialog(qtbot, actions, many, out).ok_button.click()
    qtbot.waitUntil(lambda: cancelled == ["Exporting “Many” cancelled"], timeout=20000)
    qtbot.waitUntil(lambda: actions.task is not None and actions.task.done())
    assert list(out.iterdir()) == [] and actions.message is None


def test_a_failure_is_said_in_words_and_leaves_nothing(app_state, live, qtbot, qloop, tmp_path):
    ids = project_item_ids(qtbot, qloop, app_state)
    some = make_collection(qtbot, qloop, app_state, "Some", ids[:8])
    with live.sessions()() as s, s.begin():
        s.get(Image, ids[5]).storage_path = "originals/00/gone.jpg"  # its original is missing on the server
    out = tmp_path / "exports"
    out.mkdir()
    actions = actions_for(qtbot, app_state, tmp_path, some)
    open_dialog(qtbot, actions, some, out, fmt="coco").ok_button.click()
    qtbot.waitUntil(lambda: actions.message is not None, timeout=20000)
    assert actions.message.icon() == QMessageBox.Icon.Warning
    assert "The export of “Some” failed; nothing was written." in actions.message.text()
    assert "not found on the server" in actions.message.text()
    assert list(out.iterdir()) == []


def test_the_dialog_refuses_a_folder_that_does_not_exist(app_state, qtbot, qloop, tmp_path):
    some = make_collection(qtbot, qloop, app_state, "Some", project_item_ids(qtbot, qloop, app_state)[:2])
    actions = actions_for(qtbot, app_state, tmp_path, some)
    dialog = open_dialog(qtbot, actions, some, tmp_path / "nowhere", fmt="ids-csv")
    assert not dialog.copy_images.isEnabled()  # ids formats have no images
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.message.text() == "Choose a folder that exists."
    dialog.choose_folder()
    assert dialog.folder_dialog is not None
    dialog.folder_dialog.fileSelected.emit(str(tmp_path))
    dialog.folder_dialog.reject()
    assert dialog.folder_edit.text() == str(tmp_path) and dialog.message.text() == ""


def test_export_current_needs_a_collection_in_view(app_state, qtbot, tmp_path):
    actions = actions_for(qtbot, app_state, tmp_path, None)
    with qtbot.waitSignal(app_state.messageRaised) as said:
        actions.export_action.trigger()
    assert "Choose a collection in the sidebar first" in said.args[0] and actions.dialog is None


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup menu, offscreen
def test_the_context_menu_exports_the_collection_under_the_cursor(app_state, qtbot, qloop, tmp_path):
    first = make_collection(qtbot, qloop, app_state, "A first")
    second = make_collection(qtbot, qloop, app_state, "B second")
    sidebar = CollectionsSidebar(app_state)
    qtbot.addWidget(sidebar)
    sidebar.show()
    actions = ExportActions(app_state, WindowSettings(tmp_path / "window.ini"), sidebar, sidebar.current_collection)
    sidebar.add_collection_action(actions.collection_action, actions.export)
    sidebar.select_scope(Scope.collection(first.id))

    menu = right_click_collection(sidebar, second.id)
    assert actions.collection_action in menu.actions()
    actions.collection_action.trigger()
    menu.close()
    dialog = actions.dialog
    assert isinstance(dialog, ExportDialog) and dialog.windowTitle() == "Export collection"
    assert "B second (supervisely)" in dialog.note.text()
    dialog.reject()


def test_the_collections_menu_of_the_window_exports_the_collection_shown(demo, qtbot, qloop, tmp_path):
    window = open_window(qtbot, demo, tmp_path / "home")
    try:
        state = window.state
        shown = make_collection(qtbot, qloop, state, "Shown", project_item_ids(qtbot, qloop, state)[:3])
        window.sidebar.select_scope(Scope.collection(shown.id))
        menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Collections")
        action = next(a for a in menu.actions() if a.text() == "Export collection…")
        action.trigger()
        dialog = window.export_actions.dialog
        assert isinstance(dialog, ExportDialog)
        dialog.set_format("ids-json")
        dialog.folder_edit.setText(str(tmp_path))
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: window.export_actions.message is not None, timeout=15000)
        items = json.loads((tmp_path / "Shown (ids-json)" / "items.json").read_text())["items"]
        assert len(items) == 3
        window.export_actions.message.close()
        qtbot.waitUntil(lambda: window.export_actions.dialog is None, timeout=5000)
        with qtbot.waitActive(window):
            window.activateWindow()
        qtbot.keyClick(
            window.views.current_view(),
            Qt.Key.Key_X,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )  # the menu's key opens it too
        qtbot.waitUntil(lambda: isinstance(window.export_actions.dialog, ExportDialog), timeout=5000)
        window.export_actions.dialog.reject()
    finally:
        close_window(qtbot, qloop, window)

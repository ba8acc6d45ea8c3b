"""Combine collections in the real window: Ctrl+click two collections in the
sidebar, the right-click menu offers Combine collections… and keeps the
selection, Ctrl+Shift+U opens the dialog with both ticked, Combine writes, Ctrl+Z
takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.qt.sidebar_model import KindRole
from tests.e2e.test_delete_items import focus_list
from tests.e2e.window_driver import settle
from tests.ui.collection_helpers import make_collection, project_item_ids, run, server_collections, server_items


def collection_row(sidebar, name):
    model = sidebar.model
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        if index.data(KindRole) == "collection" and index.data() == name:
            return index
        stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    raise AssertionError(f"no row {name!r}")


def test_ctrl_click_two_collections_combine_and_undo(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    ids = project_item_ids(qtbot, qloop, state)
    make_collection(qtbot, qloop, state, "Alpha", ids[:3])
    make_collection(qtbot, qloop, state, "Beta", ids[2:5])
    sidebar = window.sidebar
    view = sidebar.view
    alpha = collection_row(sidebar, "Alpha")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(alpha).center())
    settle(qtbot, window)  # Alpha is shown
    alpha, beta = collection_row(sidebar, "Alpha"), collection_row(sidebar, "Beta")
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, view.visualRect(beta).center()
    )
    by_name = {c.name: c.id for c in state.collections}
    assert sidebar.selected_collection_ids() == [by_name["Beta"], by_name["Alpha"]]  # the current one first

    menu = sidebar.menu_at(view.visualRect(alpha).center())  # what a right-click on Alpha shows
    assert window.combine_actions.combine_action in menu.actions()
    assert sidebar.selected_collection_ids() == [by_name["Alpha"], by_name["Beta"]]  # kept; Alpha is current
    menu.deleteLater()
    assert window.combine_actions.combine_action in window.all_actions()  # in the shortcut sheet
    assert window.combine_actions.combine_action.shortcut().toString() == "Ctrl+Shift+U"

    qtbot.keyClick(
        window.views.current_view(),
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.combine_actions.dialog is not None, timeout=5000)
    dialog = window.combine_actions.dialog
    assert dialog.sources.chosen_ids() == [by_name["Alpha"], by_name["Beta"]]
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.spec == dialog.spec, timeout=5000)
    assert dialog.preview.result.count == 5
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Alpha ∪ Beta" in {c.name for c in state.collections}, timeout=10000)
    settle(qtbot, window)
    made = server_collections(qtbot, qloop, state)["Alpha ∪ Beta"]
    assert server_items(qtbot, qloop, state, made.id) == set(ids[:5])

    qtbot.keyClick(focus_list(qtbot, window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    run(qtbot, qloop, state.refresh_collections())
    assert "Alpha ∪ Beta" not in server_collections(qtbot, qloop, state)

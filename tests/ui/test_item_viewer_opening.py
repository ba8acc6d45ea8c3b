"""The viewer from the real main window: double-click, Enter and Space open
it on the item under them, it steps through the same list, a save refreshes
the item's row, and the main window does not close over unsaved changes."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import demo  # noqa: F401
from tests.qt.browse_helpers import wait_rows_loaded
from tests.ui.viewer_helpers import CTRL, drag, wait_shown, zoom_on


@pytest.fixture
def window(qloop, qtbot, demo, tmp_path):
    win = open_window(qtbot, demo, tmp_path)
    qtbot.waitUntil(lambda: win.browse.total and win.browse.model.item_at(0) is not None, timeout=10000)
    yield win
    viewer = win.viewer_opener.viewer
    if viewer is not None and shiboken6.isValid(viewer):
        viewer.editor.discard()
    if shiboken6.isValid(win):
        close_window(qtbot, qloop, win)


def test_double_click_enter_and_space_open_the_item_in_list_order(window, qtbot):
    gallery = window.views.gallery
    model = window.browse.model
    wait_rows_loaded(qtbot, window.browse, range(6))
    index = model.index(2, 0)
    QTest.mouseDClick(
        gallery.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        gallery.visualRect(index).center(),
    )
    viewer = window.viewer_opener.viewer
    assert viewer is not None and viewer.isVisible()
    wait_shown(qtbot, viewer, model.item_at(2).id)
    with qtbot.waitActive(viewer):
        viewer.activateWindow()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    wait_shown(qtbot, viewer, model.item_at(3).id)

    viewer.close()  # back to the main window; the next item opens the same viewer again
    with qtbot.waitActive(window):
        window.activateWindow()
    selection = window.browse.selection_model
    selection.setCurrentIndex(model.index(4, 0), selection.SelectionFlag.NoUpdate)
    gallery.setFocus()
    qtbot.keyClick(gallery, Qt.Key.Key_Space)
    assert window.viewer_opener.viewer is viewer and viewer.isVisible()
    wait_shown(qtbot, viewer, model.item_at(4).id)

    viewer.close()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.views.set_view_mode("table")
    table = window.views.table
    table.setCurrentIndex(model.index(5, 0))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_shown(qtbot, viewer, model.item_at(5).id)
    assert any(a.text() == "Open item" and a.shortcut().toString() == "Space" for a in window.all_actions())


def test_a_save_refreshes_the_row_and_closing_the_window_asks_first(window, qtbot):
    model = window.browse.model
    rows = list(range(model.rowCount()))
    wait_rows_loaded(qtbot, window.browse, rows)
    row = next(r for r in rows if model.item_at(r).labels_count == 0)
    item_id = model.item_at(row).id
    window.viewer_opener.open_item(item_id)
    viewer = window.viewer_opener.viewer
    wait_shown(qtbot, viewer, item_id)
    with qtbot.waitActive(viewer):
        viewer.activateWindow()
    zoom_on(qtbot, viewer, 40, 40)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (10, 10), (60, 70))
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: model.item_at(row).labels_count == 1, timeout=10000)

    drag(viewer, (100, 100), (150, 170))  # unsaved
    window.close()
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    viewer.prompt.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: viewer.scope.pending == 0, timeout=10000)  # any load it started is over
    assert window.isVisible() and viewer.isVisible() and viewer.editor.dirty
    assert QApplication.activeModalWidget() is None

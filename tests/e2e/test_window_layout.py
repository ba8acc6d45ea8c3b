"""The window's layout on the real demo server: the sort is shown above both
views and restored with the layout, and the window is usable at 1024×700."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.e2e.window_driver import close_window
from tests.qt.browse_helpers import model_ids, wait_rows_loaded


def first_ids(qtbot, window, n: int = 5) -> list[int]:
    controller = window.browse
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(min(n, controller.total)))
    return model_ids(controller)[:n]


def choose_sort(qtbot, window, title: str) -> None:
    """As a user does: open the sort field, pick the title, press Enter."""
    combo = window.views.sort_bar.field
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == title:
            break
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == title


def test_sort_shown_in_both_views_and_restored_with_the_layout(qtbot, qloop, demo, tmp_path, windows):
    home = tmp_path / "home"
    window = windows(home)
    bar = window.views.sort_bar
    assert bar.isVisible()  # the gallery shows its order too
    default_first = first_ids(qtbot, window)

    choose_sort(qtbot, window, "Name")
    assert window.browse.sort == (0, False)
    QTest.mouseClick(bar.order, Qt.MouseButton.LeftButton)  # descending
    assert window.browse.sort == (0, True)
    header = window.views.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    by_name_desc = first_ids(qtbot, window)
    assert by_name_desc != default_first

    # a header click shows in the bar
    window.views.set_view_mode("table")
    window.views.table.controller.sort_by(3, False)  # the header's own path (test_table.py clicks it)
    assert bar.field.currentText() == "Labels" and not bar.order.isChecked()
    assert bar.isVisible()
    window.views.table._on_sort_clicked(0, Qt.SortOrder.DescendingOrder)
    assert bar.field.currentText() == "Name" and bar.order.isChecked()
    close_window(qtbot, qloop, window)

    reopened = windows(home)
    assert reopened.browse.sort == (0, True)
    assert reopened.views.sort_bar.field.currentText() == "Name"
    assert reopened.views.sort_bar.order.isChecked()
    assert first_ids(qtbot, reopened) == by_name_desc
    close_window(qtbot, qloop, reopened)

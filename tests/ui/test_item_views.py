"""ItemViews on the real demo server: the count bar, one selection shared by
the gallery and the table, file-manager selection keys, view options and the
empty state."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from desktop_app.domain.filters import FilterSpec
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.item_views import ItemViews
from tests.qt.browse_helpers import qt_owned  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def make_views(qtbot, state, owned, **kwargs) -> ItemViews:
    controller = BrowseController(state, **kwargs)
    owned(controller)
    views = ItemViews(controller)
    qtbot.addWidget(views)
    owned(views)
    views.resize(900, 600)
    with qtbot.waitActive(views):  # shortcuts work in the active window only
        views.show()
        views.activateWindow()
    return views


def click(view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def selected_rows(view) -> list[int]:
    return sorted(i.row() for i in view.selectionModel().selectedRows())


def test_counts_show_loading_then_the_total_then_the_selection(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    assert views.counts.text() == "Loading…"
    qtbot.waitUntil(lambda: views.controller.total is not None, timeout=10000)
    total = views.controller.total
    assert total > 0 and views.counts.text() == f"{total} items · 0 selected"
    views.controller.select_rows([1, 4])
    assert views.counts.text() == f"{total} items · 2 selected"


def test_gallery_and_table_share_one_selection(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    qtbot.waitUntil(lambda: views.controller.total is not None, timeout=10000)
    gallery, table = views.gallery, views.table

    click(gallery, 3)
    views.set_view_mode("table")
    assert selected_rows(table) == [3]  # the whole row, every column
    assert table.selectionModel().isRowSelected(3)

    click(table, 5, CTRL)
    click(table, 8, SHIFT)  # from the anchor (5) to 8, keeping 3
    assert selected_rows(table) == [3, 5, 6, 7, 8]
    views.set_view_mode("gallery")
    assert selected_rows(gallery) == [3, 5, 6, 7, 8]
    click(gallery, 6, CTRL)  # Ctrl-click toggles one off
    assert selected_rows(table) == [3, 5, 7, 8]
    assert views.controller.selected_count() == 4
    click(gallery, 2)  # a plain click selects just that one
    assert selected_rows(table) == [2]


def test_ctrl_a_selects_every_matching_item_and_esc_clears(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    qtbot.waitUntil(lambda: views.controller.total is not None, timeout=10000)
    total = views.controller.total
    views.gallery.setFocus()
    QTest.keyClick(views.gallery, Qt.Key.Key_A, CTRL)
    assert views.controller.all_matching_selected
    assert views.counts.text() == f"{total} items · {total} selected"
    assert views.table.selectionModel().isRowSelected(total - 1)
    QTest.keyClick(views.gallery, Qt.Key.Key_Escape)
    assert not views.controller.all_matching_selected
    assert views.controller.selected_count() == 0 and selected_rows(views.table) == []
    assert views.counts.text() == f"{total} items · 0 selected"


def test_view_options_and_their_shortcuts(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    changes = []
    views.viewOptionsChanged.connect(lambda: changes.append(1))
    views.gallery.setFocus()
    QTest.keyClick(views.gallery, Qt.Key.Key_2, CTRL)
    assert views.view_mode == "table" and views.stack.currentWidget() is views.table
    assert not views.slider.isVisible()  # the size slider is for the gallery only
    QTest.keyClick(views.table, Qt.Key.Key_1, CTRL)
    assert views.view_mode == "gallery" and views.stack.currentWidget() is views.gallery
    QTest.keyClick(views.gallery, Qt.Key.Key_B)
    assert views.show_boxes and views.gallery.show_boxes and views.act_boxes.isChecked()
    views.slider.setValue(240)
    assert views.thumbnail_size == 240 == views.gallery.thumbnail_size
    views.set_thumbnail_size(5000)  # clamped
    assert views.thumbnail_size == 320 and views.slider.value() == 320
    assert len(changes) == 5
    shortcuts = {a.text(): a.shortcut().toString() for a in views.actions()}
    assert shortcuts["Gallery"] == "Ctrl+1" and shortcuts["Table"] == "Ctrl+2" and shortcuts["Boxes"] == "B"
    assert shortcuts["Select all matching"] == "Ctrl+A" and shortcuts["Clear selection"] == "Esc"
    try:
        views.set_view_mode("list")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown view mode must be refused")


def test_empty_state_when_the_filter_matches_nothing(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    qtbot.waitUntil(lambda: views.controller.total is not None, timeout=10000)
    views.controller.set_filter(FilterSpec(name_contains="no-such-image"))
    assert views.counts.text() == "Loading…"
    qtbot.waitUntil(lambda: views.controller.total == 0, timeout=10000)
    assert views.stack.currentWidget() is views.empty
    assert "No items match the filter" in views.empty.text()
    assert views.counts.text() == "0 items · 0 selected"
    views.controller.set_filter(FilterSpec())
    qtbot.waitUntil(lambda: views.stack.currentWidget() is views.gallery, timeout=10000)


def test_double_click_and_enter_open_an_item(app_state, qtbot, qt_owned):
    views = make_views(qtbot, app_state, qt_owned)
    qtbot.waitUntil(lambda: views.controller.model.item_at(2) is not None, timeout=10000)
    expected = views.controller.model.item_at(2).id
    gallery = views.gallery
    with qtbot.waitSignal(views.activated, timeout=2000) as opened:
        QTest.mouseDClick(
            gallery.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            gallery.visualRect(gallery.model().index(2, 0)).center(),
        )
    assert opened.args == [expected]
    views.set_view_mode("table")
    views.table.selectionModel().setCurrentIndex(
        views.table.model().index(2, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    with qtbot.waitSignal(views.table.activated, timeout=2000) as opened:
        QTest.keyClick(views.table, Qt.Key.Key_Return)
    assert opened.args == [expected]

"""The window's layout on the real demo server: the sort is shown above both
views and restored with the layout, and the window is usable at 1024×700."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from desktop_app.ui.queues.queue_actions import LABELER
from desktop_app.ui.window.layout_state import SIDEBAR_MIN_WIDTH
from tests.e2e.window_driver import close_window
from tests.qt.browse_helpers import model_ids, wait_rows_loaded
from tests.ui.collection_helpers import make_collection, project_item_ids
from tests.ui.queue_helpers import make_queue


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


def visible_whole(widget) -> bool:
    """Shown at no less than its minimum size, inside its window."""
    if not widget.isVisible():
        return False
    hint = widget.minimumSizeHint()
    inside = widget.window().rect().contains(widget.mapTo(widget.window(), widget.rect().bottomRight()))
    return widget.width() >= min(hint.width(), widget.maximumWidth()) and inside


def test_usable_at_1024_by_700(qtbot, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    assert window.minimumSizeHint().width() <= 1024
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 700, timeout=3000)
    views = window.views
    for widget in (views.sort_bar.field, views.sort_bar.order, views.slider, views._boxes_button, views.gallery):
        assert visible_whole(widget), widget
    collections = window.findChild(QDockWidget, "collectionsDock")
    assert collections.width() >= SIDEBAR_MIN_WIDTH
    assert window.filters.isVisible() and window.filters.width() >= window.filters.minimumSizeHint().width()


def test_a_squeezed_sidebar_is_not_saved_or_restored_below_its_minimum(qtbot, qloop, demo, tmp_path, windows):
    home = tmp_path / "home"
    window = windows(home)
    collections = window.findChild(QDockWidget, "collectionsDock")
    window.resize(1024, 700)
    window.resizeDocks([collections], [100], Qt.Orientation.Horizontal)  # as a drag of the splitter does
    window.resize(1300, 800)  # shrink, then grow
    qtbot.waitUntil(lambda: window.width() == 1300, timeout=3000)
    assert collections.width() >= SIDEBAR_MIN_WIDTH
    close_window(qtbot, qloop, window)
    reopened = windows(home)
    assert reopened.findChild(QDockWidget, "collectionsDock").width() >= SIDEBAR_MIN_WIDTH
    close_window(qtbot, qloop, reopened)


def test_docks_close_and_come_back_from_the_view_menu(qtbot, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    for name in ("collectionsDock", "filtersDock", "queuesDock"):
        dock = window.findChild(QDockWidget, name)
        toggle = dock.toggleViewAction()
        assert toggle in view_menu.actions()
        toggle.trigger()
        assert dock.isHidden()
        toggle.trigger()
        assert dock.isVisible()


def centre_distance(a, b) -> int:
    return (a.frameGeometry().center() - b.frameGeometry().center()).manhattanLength()


def test_viewer_opens_centred_on_the_main_window(qtbot, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    window.move(40, 30)
    wait_rows_loaded(qtbot, window.browse, range(1))
    first = window.browse.model.item_at(0)
    window.viewer_opener.open_item(first.id)
    viewer = window.viewer_opener.viewer
    qtbot.waitUntil(viewer.isVisible, timeout=3000)
    assert centre_distance(viewer, window) <= 4
    viewer.close()


def test_queue_work_window_opens_centred_on_the_main_window(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    window.move(40, 30)
    items = project_item_ids(qtbot, qloop, window.state)[:2]
    collection = make_collection(qtbot, qloop, window.state, "Centred", items)
    queue_id = make_queue(qtbot, qloop, window.state, "Centred queue", collection.id)
    queue = next(q for q in window.state.queues if q.id == queue_id)
    window.queue_actions.set_queue(queue)
    window.queue_actions.open_work(LABELER)
    work_window = window.queue_actions.windows[-1]
    qtbot.waitUntil(work_window.isVisible, timeout=3000)
    assert centre_distance(work_window, window) <= 4
    work_window.close()


def gallery_place(window) -> QRect:
    viewport = window.views.gallery.viewport()
    return QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())


def test_the_target_banner_does_not_move_the_gallery(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")  # at its default size: the sidebar has room to grow
    long_name = "Night scenes with pedestrians crossing against the light, second pass"
    collection = make_collection(qtbot, qloop, window.state, long_name)
    qtbot.wait(50)
    before = gallery_place(window)
    sidebar = window.sidebar
    sidebar.set_target(collection.id)
    qtbot.waitUntil(sidebar.target_label.isVisible, timeout=3000)
    qtbot.wait(50)  # a layout change is posted
    window.layout().activate()
    assert gallery_place(window) == before
    window.resize(window.width() + 1, window.height())  # any later resize lays the docks out again
    window.resize(window.width() - 1, window.height())
    assert gallery_place(window) == before
    assert long_name in sidebar.target_label.toolTip()  # the whole name, however narrow the sidebar
    sidebar.clear_target()
    qtbot.wait(50)
    assert gallery_place(window) == before

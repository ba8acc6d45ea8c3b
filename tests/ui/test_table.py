"""The table on the real demo server: header clicks sort on the server (and
match the api's own sorted listing), size sorts in memory on a small list and
is refused with a message on a long one, and the columns show the record."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.table_view import ItemTableView
from tests.qt.browse_helpers import model_ids, qt_owned, run, wait_rows_loaded  # noqa: F401


def make_table(qtbot, state, owned, **kwargs) -> ItemTableView:
    controller = BrowseController(state, **kwargs)
    owned(controller)
    table = ItemTableView(controller)
    qtbot.addWidget(table)
    owned(table)
    table.resize(1000, 500)
    table.show()
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    return table


def click_header(table: ItemTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, header.height() // 2)
    )


def reloaded_ids(qtbot, controller: BrowseController) -> list[int]:
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    return model_ids(controller)


def test_sorting_by_name_matches_the_apis_sorted_listing(app_state, qtbot, qloop, qt_owned):
    table = make_table(qtbot, app_state, qt_owned, per_page=25)
    controller = table.controller
    project = app_state.project.id
    by_name = [i.id for i in run(qloop, qtbot, app_state.api.images.list(project_id=project, sort="name"))]
    by_name_desc = [
        i.id for i in run(qloop, qtbot, app_state.api.images.list(project_id=project, sort="name", sort_order="desc"))
    ]
    assert by_name != by_name_desc

    click_header(table, 0)
    assert controller.sort == (0, False)
    assert reloaded_ids(qtbot, controller) == by_name
    click_header(table, 0)
    assert controller.sort == (0, True)
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert reloaded_ids(qtbot, controller) == by_name_desc

    click_header(table, 3)  # labels: also on the server
    by_labels = [i.id for i in run(qloop, qtbot, app_state.api.images.list(project_id=project, sort="labelsCount"))]
    assert reloaded_ids(qtbot, controller) == by_labels


def test_size_sorts_here_on_a_small_list(app_state, qtbot, qloop, qt_owned):
    table = make_table(qtbot, app_state, qt_owned, per_page=10)
    controller = table.controller
    everything = run(qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id))
    assert len({(i.width, i.height) for i in everything}) > 1

    click_header(table, 2)
    ordered = sorted(everything, key=lambda i: (i.width * i.height, i.width, i.id))
    assert reloaded_ids(qtbot, controller) == [i.id for i in ordered]
    click_header(table, 2)
    assert reloaded_ids(qtbot, controller) == [i.id for i in reversed(ordered)]
    largest = ordered[-1]
    assert table.model().index(0, 2).data() == f"{largest.width} × {largest.height}"


def test_size_sort_is_refused_on_a_long_list_and_the_header_stays(app_state, qtbot, qt_owned):
    table = make_table(qtbot, app_state, qt_owned, local_limit=50)
    controller = table.controller
    assert controller.total > 50
    messages = []
    app_state.messageRaised.connect(messages.append)
    click_header(table, 0)  # name, on the server: fine at any length
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    click_header(table, 2)
    assert messages and "needs a list under 50 items" in messages[-1] and "narrow the filter" in messages[-1]
    assert controller.sort == (0, False)
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_columns_show_the_record(app_state, qtbot, qt_owned):
    table = make_table(qtbot, app_state, qt_owned)
    model = table.model()
    qtbot.waitUntil(lambda: model.index(0, 0).data() != "…", timeout=10000)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Name", "Dataset", "Width × Height", "Labels", "Tags", "Updated", "Length", "FP", "TP", "Missed"]
    assert table.isColumnHidden(6)  # an image project: no duration, frames or points
    row = next(r for r in range(model.rowCount()) if table.controller.model.item_at(r).tags)
    item = table.controller.model.item_at(row)
    assert model.index(row, 0).data() == item.name
    assert model.index(row, 1).data() == app_state.dataset_name(item.dataset_id)
    assert model.index(row, 3).data() == str(item.labels_count)
    tags = model.index(row, 4).data()
    for tag in item.tags:
        assert app_state.meta.tag_by_id(tag.tag_id).name in tags
    assert model.index(row, 5).data()[:4].isdigit()
    assert model.index(row, 6).data() == ""

"""The paged item model: lazy pages, order, stale pages dropped.

The page source here is an in-memory list with a controllable delay: the
model's contract is with the PageSource protocol, and the real server-backed
source is covered by the UI tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import Qt

from desktop_app.domain.pages import Page
from desktop_app.qt.item_model import Column, ItemIdRole, ItemTableModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class ListSource:
    def __init__(self, rows, delay=0.0):
        self.rows, self.delay, self.calls = rows, delay, []
        self.over = 0  # fetches answered or cancelled

    async def fetch(self, page, per_page, sort):
        self.calls.append(page)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.over += 1
        rows = sorted(self.rows, key=lambda r: r.name, reverse=sort[1]) if sort else self.rows
        start = (page - 1) * per_page
        return Page(total=len(rows), items=rows[start : start + per_page])


COLUMNS = [Column("Name", lambda r: r.name, "name"), Column("Id", lambda r: str(r.id))]


def make_rows(n, prefix="img"):
    return [Row(i + 1, f"{prefix}_{i:04d}") for i in range(n)]


def test_total_first_then_pages_on_demand(qloop, qtbot):
    model = ItemTableModel(COLUMNS, per_page=10)
    source = ListSource(make_rows(35))
    with qtbot.waitSignal(model.totalChanged, timeout=2000) as total:
        model.set_source(source)
    assert total.args == [35]
    assert model.rowCount() == 35
    assert source.calls == [1]
    assert model.data(model.index(34, 0)) == "…"  # not loaded: placeholder, request queued
    qtbot.waitUntil(lambda: model.data(model.index(34, 0)) == "img_0034", timeout=2000)
    assert sorted(source.calls) == [1, 4]
    assert model.row_of(35) == 34
    assert model.data(model.index(0, 0), ItemIdRole) == 1


def test_qtmodeltester(qloop, qtbot, qtmodeltester):
    model = ItemTableModel(COLUMNS, per_page=7)
    model.set_source(ListSource(make_rows(20)))
    qtbot.waitUntil(lambda: model.rowCount() == 20, timeout=2000)
    for row in range(20):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.item_at(r) for r in range(20)), timeout=2000)
    qtmodeltester.check(model, force_py=True)


def test_filter_change_while_page_loads_inserts_no_stale_rows(qloop, qtbot):
    model = ItemTableModel(COLUMNS, per_page=10)
    slow_old = ListSource(make_rows(50, "old"), delay=0.3)
    new = ListSource(make_rows(5, "new"))
    model.set_source(slow_old)
    qtbot.waitUntil(lambda: slow_old.calls == [1], timeout=2000)  # the old first page is in flight
    model.set_source(new)
    qtbot.waitUntil(lambda: model.rowCount() == 5, timeout=2000)
    qtbot.waitUntil(lambda: slow_old.over == 1, timeout=2000)  # the old page answered or was cancelled
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert model.rowCount() == 5
    assert all(n.startswith("new") for n in names), names


def test_server_sort_reloads(qloop, qtbot):
    model = ItemTableModel(COLUMNS, per_page=100)
    model.set_source(ListSource(make_rows(3)))
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=2000)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "img_0002", timeout=2000)
    assert model.current_sort == ("name", True)


def test_only_a_window_of_pages_around_the_last_asked_for_is_kept(qloop, qtbot):
    model = ItemTableModel(COLUMNS, per_page=10, max_pages=3)
    source = ListSource(make_rows(1000))
    model.set_source(source)
    qtbot.waitUntil(lambda: model.rowCount() == 1000, timeout=2000)
    for page in range(1, 41):  # scrolling down through 40 pages
        row = (page - 1) * 10
        model.ensure_loaded(row)
        qtbot.waitUntil(lambda row=row: model.item_at(row) is not None, timeout=2000)
        assert len(model.loaded_pages) <= 3
    assert model.loaded_pages == [38, 39, 40]
    assert model.item_at(0) is None and model.row_of(1) is None  # dropped, and its ids forgotten
    assert model.data(model.index(0, 0)) == "…"  # asked again when a view comes back
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "img_0000", timeout=2000)
    assert source.calls.count(1) == 2 and model.row_of(1) == 0


def test_pinned_pages_are_never_dropped(qloop, qtbot):
    model = ItemTableModel(COLUMNS, per_page=10, max_pages=2)
    model.pinned_pages = lambda: {1}
    model.set_source(ListSource(make_rows(200)))
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=2000)
    for page in range(2, 21):
        row = (page - 1) * 10
        model.ensure_loaded(row)
        qtbot.waitUntil(lambda row=row: model.item_at(row) is not None, timeout=2000)
    assert model.loaded_pages == [1, 20]

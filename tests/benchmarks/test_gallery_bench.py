"""Gallery at 1,000,000 rows, side by side with a plain QListView baseline.

The gallery (GalleryView over a BrowseController and its lazy ItemTableModel,
ThumbnailDelegate painting) lists an in-memory source of fake image records
made page by page, so what is measured is the model and view cost, not the
network. The baseline is a QListView with the same grid settings over a
minimal list model that returns a string. Both run in this process, one after
the other, and the ratios are printed.

Run:  .venv/bin/python -m pytest tests/benchmarks/test_gallery_bench.py -m benchmark -s
 or:  .venv/bin/python tests/benchmarks/test_gallery_bench.py"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView

from desktop_app.api.client import ApiClient
from desktop_app.api.records import Image, Project
from desktop_app.domain.pages import Page
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.gallery_view import LAYOUT_BATCH, GalleryView
from tests.qt.browse_helpers import count_data_calls
from tests.qt.qasync_fixture import qloop  # noqa: F401

ROWS = 1_000_000
WINDOW = QSize(1200, 800)


class FakeImages:
    """A PageSource of ROWS made-up records, built page by page (no list of a million)."""

    def __init__(self, rows: int) -> None:
        self.rows = rows

    async def fetch(self, page: int, per_page: int, sort) -> Page:
        start = (page - 1) * per_page
        items = [
            Image(id=i + 1, name=f"img_{i:07d}.jpg", dataset_id=1, width=640, height=480, labels_count=i % 5)
            for i in range(start, min(start + per_page, self.rows))
        ]
        return Page(self.rows, items)

    async def all_ids(self, progress=None) -> list[int]:
        return list(range(1, self.rows + 1))


class PlainModel(QAbstractListModel):
    """The least a list model can do: a count and a string per row."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.calls = 0

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.rows

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.calls += 1
        return f"img_{index.row():07d}.jpg" if role == Qt.ItemDataRole.DisplayRole else None


@dataclass
class Timing:
    show: float = 0.0  # show() to first paint done
    layout: float = 0.0  # until the batched layout reached the last row
    scroll_end: float = 0.0  # scroll to the last row and paint it
    data_calls_show: int = 0
    data_calls_scroll: int = 0


def _wait(app: QApplication, done, limit: float = 120.0) -> None:
    deadline = time.perf_counter() + limit
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark step did not finish")


def _measure(app: QApplication, view: QListView, calls, last_row_painted) -> Timing:
    timing = Timing()
    view.resize(WINDOW)
    before = calls()
    start = time.perf_counter()
    view.show()
    app.processEvents()
    view.viewport().repaint()
    timing.show = time.perf_counter() - start
    timing.data_calls_show = calls() - before
    last = view.model().index(view.model().rowCount() - 1, 0)
    _wait(
        app,
        lambda: (
            view.rectForIndex(last).isValid()
            and view.verticalScrollBar().maximum() >= view.rectForIndex(last).bottom() - WINDOW.height()
        ),
    )
    timing.layout = time.perf_counter() - start
    before = calls()
    start = time.perf_counter()
    view.scrollToBottom()
    app.processEvents()
    view.viewport().repaint()
    _wait(app, last_row_painted)
    timing.scroll_end = time.perf_counter() - start
    timing.data_calls_scroll = calls() - before
    return timing


def _baseline(app: QApplication) -> Timing:
    model = PlainModel(ROWS)
    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setMovement(QListView.Movement.Static)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(LAYOUT_BATCH)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setGridSize(QSize(172, 201))
    view.setModel(model)
    try:
        return _measure(app, view, lambda: model.calls, lambda: True)
    finally:
        view.deleteLater()


def _gallery(app: QApplication, qtbot, state: AppState, monkeypatch) -> Timing:
    calls = count_data_calls(monkeypatch)
    controller = BrowseController(state, source_factory=lambda *_: FakeImages(ROWS))
    qtbot.waitUntil(lambda: controller.total == ROWS, timeout=10000)
    view = GalleryView(controller)
    qtbot.addWidget(view)
    model = controller.model
    try:
        return _measure(app, view, lambda: calls[0], lambda: model.item_at(ROWS - 1) is not None)
    finally:
        view.deleteLater()
        controller.deleteLater()


@pytest.mark.benchmark
def test_gallery_against_a_plain_list_view(qapp, qloop, qtbot, tmp_path, monkeypatch):
    state = AppState(ApiClient("http://127.0.0.1:9", "unused"), tmp_path / "outbox.sqlite")
    state.session.open_project(Project(id=1, name="benchmark"), [], None)  # no server: a fake source lists the rows
    baseline = _baseline(qapp)
    gallery = _gallery(qapp, qtbot, state, monkeypatch)
    print(f"\n{ROWS:,} rows, window {WINDOW.width()}x{WINDOW.height()}")
    print(f"{'':24}{'gallery':>12}{'baseline':>12}{'ratio':>8}")
    for label, attr, unit in (
        ("show (first paint)", "show", "s"),
        ("batched layout done", "layout", "s"),
        ("scroll to end", "scroll_end", "s"),
        ("data() calls, show", "data_calls_show", ""),
        ("data() calls, scroll", "data_calls_scroll", ""),
    ):
        g, b = getattr(gallery, attr), getattr(baseline, attr)
        fmt = (lambda v: f"{v:.3f} s") if unit else (lambda v: f"{v:,}")
        print(f"{label:24}{fmt(g):>12}{fmt(b):>12}{(g / b if b else float('nan')):>8.1f}")
    assert gallery.data_calls_show < 2_000 and gallery.data_calls_scroll < 2_000  # never one per row
    assert gallery.show < 2.0 and gallery.scroll_end < 2.0


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-m", "benchmark", "-s", "-q", "-p", "no:cacheprovider"]))

"""The list of items (images) the gallery and the table both show.

Rows are known as soon as the first page answers (its `total`); the rest are
fetched page by page when a view first asks for them, newest request first, a
few at a time. `data()` is a lookup and, for a row not loaded yet, a request
queued for later: it never waits. Every reload bumps a generation number, and
pages of an older generation are dropped ("latest request wins").

Only a window of pages is kept (`max_pages`, around the page asked for last):
a page far from it is dropped and fetched again if a view comes back to it, so
scrolling through a million items never holds them all as Python objects (and
the collector never has to walk them). Pages the owner pins (`pinned_pages`,
the selected rows' pages) are kept."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from desktop_app.domain.pages import Page, PageSource
from desktop_app.qt.tasks import TaskScope

ItemIdRole = Qt.ItemDataRole.UserRole + 1
ItemRole = Qt.ItemDataRole.UserRole + 2
MAX_PAGES = 12  # pages kept around the one asked for last (12 x 500 rows: ~150 screens of tiles)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort_key: str | None = None  # server-side sort field; None: not sortable on the server
    align: Qt.AlignmentFlag | None = None  # e.g. numbers to the right; None: the view's default


class ItemTableModel(QAbstractTableModel):
    totalChanged = Signal(int)
    loadingChanged = Signal(bool)
    loadFailed = Signal(str)
    pageLoaded = Signal(int)  # page number

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QObject | None = None,
        *,
        per_page: int = 500,
        concurrency: int = 3,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._per_page = per_page
        self._concurrency = concurrency
        self._scope = TaskScope(self)
        self._source: PageSource | None = None
        self._sort: tuple[str, bool] | None = None
        self._generation = 0
        self._max_pages = max(1, max_pages)
        self._total = 0
        self._counted = True  # the list's first answer has come in (False while it is read again)
        self._pages: dict[int, list[Any]] = {}  # page number: its items (only a window of pages)
        self._focus = 1  # the page asked for last: pages far from it are dropped first
        self._row_of: dict[int, int] = {}  # item id: row, for the loaded pages
        self._wanted: list[int] = []  # pages asked for, newest last
        # Pages never dropped, e.g. the selected rows' (so a drag can carry their ids); set by the owner
        self.pinned_pages: Callable[[], Collection[int]] = frozenset
        self._requested: set[int] = set()
        self._workers = 0
        # Workers cancelled by the owner's destruction finish after it: a new generation
        # makes them leave the deleted object alone.
        self.destroyed.connect(lambda *_: setattr(self, "_generation", self._generation + 1))

    # -- loading -------------------------------------------------------------
    def set_source(self, source: PageSource | None) -> None:
        """Show another list (new filter, collection, project)."""
        self._source = source
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self._scope.cancel_all()
        self._workers = 0
        self.beginResetModel()
        self._total = 0
        self._counted = self._source is None  # no source: nothing to wait for
        self._pages = {}
        self._row_of = {}
        self._wanted = []
        self._requested = set()
        self.endResetModel()
        if self._source is not None:
            self._request_page(1)

    def set_sort(self, sort: tuple[str, bool] | None) -> None:
        self._sort = sort
        self.reload()

    @property
    def current_sort(self) -> tuple[str, bool] | None:
        return self._sort

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def loading(self) -> bool:
        return self._workers > 0

    @property
    def counted(self) -> bool:
        """False from a reload until the list's first page answers: 0 rows then means "not read yet"."""
        return self._counted

    @property
    def loaded_pages(self) -> list[int]:
        return sorted(self._pages)

    def _request_page(self, page: int) -> None:
        self._focus = page
        if page in self._requested:
            return
        self._requested.add(page)
        self._wanted.append(page)
        if len(self._wanted) > self._max_pages:  # scrolled past them: asked again if looked at again
            for stale in self._wanted[: -self._max_pages]:
                self._requested.discard(stale)
            del self._wanted[: -self._max_pages]
        while self._workers < self._concurrency and self._wanted:
            self._workers += 1
            if self._workers == 1:
                self.loadingChanged.emit(True)
            self._scope.start(self._work(self._generation))

    async def _work(self, generation: int) -> None:
        try:
            while self._wanted and generation == self._generation:
                page = self._wanted.pop()  # newest first: what the user looks at now
                source = self._source
                # pages are asked for only in a generation with a source (set_source(None) starts a new one)
                assert source is not None
                try:
                    result = await source.fetch(page, self._per_page, self._sort)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # shown to the user; the page can be asked again
                    if generation == self._generation:
                        self._requested.discard(page)
                        self.loadFailed.emit(str(exc))
                    continue
                if generation == self._generation:
                    self._apply(page, result)
        finally:
            if generation == self._generation:
                self._workers -= 1
                if self._workers == 0:
                    self.loadingChanged.emit(False)

    def _apply(self, page: int, result: Page) -> None:
        self._counted = True
        if not self._total and result.total:
            self.beginInsertRows(QModelIndex(), 0, result.total - 1)
            self._total = result.total
            self.endInsertRows()
            self.totalChanged.emit(result.total)
        elif not self._total:
            self.totalChanged.emit(0)
        start = (page - 1) * self._per_page
        end = min(start + len(result.items), self._total)
        items = list(result.items[: end - start])
        if not items:
            self.pageLoaded.emit(page)
            return
        self._drop_page(page)
        self._pages[page] = items
        for offset, item in enumerate(items):
            self._row_of[item.id] = start + offset
        self._drop_far_pages()
        self.dataChanged.emit(self.index(start, 0), self.index(end - 1, self.columnCount() - 1))
        self.pageLoaded.emit(page)

    def _drop_far_pages(self) -> None:
        if len(self._pages) <= self._max_pages:
            return
        pinned = self.pinned_pages()
        droppable = sorted((p for p in self._pages if p not in pinned), key=lambda p: abs(p - self._focus))
        while len(self._pages) > self._max_pages and droppable:
            self._drop_page(droppable.pop())
            # no dataChanged: the rows are far from what the views show, and data() asks again

    def _drop_page(self, page: int) -> None:
        items = self._pages.pop(page, None)
        if items is None:
            return
        self._requested.discard(page)
        for item in items:
            self._row_of.pop(item.id, None)

    # -- lookups -------------------------------------------------------------
    def item_at(self, row: int) -> Any | None:
        if 0 <= row < self._total:
            items = self._pages.get(row // self._per_page + 1)
            if items is not None:
                offset = row % self._per_page
                return items[offset] if offset < len(items) else None
        return None

    def row_of(self, item_id: int) -> int | None:
        return self._row_of.get(item_id)

    def loaded_ids(self, rows: Sequence[int]) -> list[int]:
        return [it.id for r in rows if (it := self.item_at(r)) is not None]

    def replace_item(self, item: Any) -> None:
        """A fresher copy of a loaded item (after an edit elsewhere)."""
        row = self._row_of.get(item.id)
        if row is not None:
            self._pages[row // self._per_page + 1][row % self._per_page] = item
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def ensure_loaded(self, row: int) -> None:
        if 0 <= row < self._total:
            page = row // self._per_page + 1
            if page in self._pages:
                self._focus = page
            else:
                self._request_page(page)

    # -- Qt model API --------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._columns[index.column()].align
        item = self.item_at(index.row())
        if item is None:
            if role in (Qt.ItemDataRole.DisplayRole, ItemRole):
                self.ensure_loaded(index.row())
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()].text(item)
        if role == ItemIdRole:
            return item.id
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return item.name
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key
        if key is not None:
            self.set_sort((key, order == Qt.SortOrder.DescendingOrder))

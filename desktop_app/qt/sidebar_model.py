"""The rows of the collections sidebar: "All items", the project's datasets
(nested as on the server) and its collections, each with an item count.

Section headers ("Datasets", "Collections") and the "no collections yet"
hint are rows too, but not selectable. Every selectable row carries its
`Scope` (ScopeRole).

Counts: the bundled server sends a collection's `itemsCount`; a real
Supervisely instance does not, and then the count is fetched in the
background (images.list with the collection filter, one item per page: the
`total` is the count), a few at a time, and shown when it arrives."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel

from desktop_app.api.records import Collection, Dataset
from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.app_state import AppState
from desktop_app.qt.tasks import TaskScope

ScopeRole = Qt.ItemDataRole.UserRole + 1  # Scope of a selectable row
CountRole = Qt.ItemDataRole.UserRole + 2  # int | None
KindRole = Qt.ItemDataRole.UserRole + 3  # "all" | "dataset" | "collection" | "header" | "placeholder"
TargetRole = Qt.ItemDataRole.UserRole + 4  # bool: the target collection

COUNT_CONCURRENCY = 4
EMPTY_HINT = (
    "No collections yet. Create one with New collection (Ctrl+Shift+N), "
    "or select items and Add to collection (Ctrl+Shift+A)."
)


class SidebarModel(QStandardItemModel):
    def __init__(
        self, state: AppState, icons: Mapping[str, QIcon] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self._icons = dict(icons or {})
        self._target: int | None = None
        self._fetched_counts: dict[int, int] = {}  # collection id -> count (servers without itemsCount)
        self._tasks = TaskScope(self)
        self._count_slots = asyncio.Semaphore(COUNT_CONCURRENCY)
        self.collections_header: QStandardItem | None = None

    # -- building ------------------------------------------------------------
    def rebuild(self) -> None:
        self.clear()
        root = self.invisibleRootItem()
        project = self.state.project
        if project is None:
            return
        root.appendRow(self._row("All items", Scope.all(), "all", project.items_count))
        root.appendRow(self._datasets_section(self.state.datasets))
        self.collections_header = self._collections_section(self.state.collections)
        root.appendRow(self.collections_header)

    def _datasets_section(self, datasets: list[Dataset]) -> QStandardItem:
        header = self._header("Datasets")
        rows: dict[int, QStandardItem] = {}
        for ds in datasets:
            rows[ds.id] = self._row(ds.name, Scope.dataset(ds.id), "dataset", ds.items_count, ds.description)
        for ds in datasets:  # nested datasets under their parent, in the server's order
            parent = rows.get(ds.parent_id) if ds.parent_id is not None else None
            (parent or header).appendRow(rows[ds.id])
        return header

    def _collections_section(self, collections: list[Collection]) -> QStandardItem:
        header = self._header("Collections")
        for c in collections:
            count = c.items_count if c.items_count is not None else self._fetched_counts.get(c.id)
            row = self._row(c.name, Scope.collection(c.id), "collection", count, c.description)
            if c.is_smart and "smart" in self._icons:  # its members follow its filter (server-side)
                row.setIcon(self._icons["smart"])
                row.setToolTip(f"{row.toolTip()}\nSmart collection: its members are what its filter matches now")
            row.setData(c.id == self._target, TargetRole)
            row.setDropEnabled(True)
            header.appendRow(row)
            if c.items_count is None:
                self._fetch_count(c.id)
        if not collections:
            hint = QStandardItem(EMPTY_HINT)
            hint.setData("placeholder", KindRole)
            hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.appendRow(hint)
        return header

    def _header(self, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setData("header", KindRole)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _row(self, text: str, scope: Scope, kind: str, count: int | None, description: str = "") -> QStandardItem:
        item = QStandardItem(text)
        item.setData(scope, ScopeRole)
        item.setData(kind, KindRole)
        item.setData(count, CountRole)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(_tooltip(text, count, description))
        if kind in self._icons:
            item.setIcon(self._icons[kind])
        return item

    # -- reading -------------------------------------------------------------
    def index_of(self, scope: Scope) -> QModelIndex:
        for item in self._items():
            if item.data(ScopeRole) == scope:
                return item.index()
        return QModelIndex()

    def collection_index(self, collection_id: int) -> QModelIndex:
        return self.index_of(Scope.collection(collection_id))

    def _items(self):
        stack = [self.invisibleRootItem()]
        while stack:
            parent = stack.pop()
            for r in range(parent.rowCount()):
                child = parent.child(r)
                yield child
                stack.append(child)

    # -- target ----------------------------------------------------------------
    def set_target(self, collection_id: int | None) -> None:
        self._target = collection_id
        for item in self._items():
            if item.data(KindRole) == "collection":
                item.setData(item.data(ScopeRole).id == collection_id, TargetRole)

    # -- counts from servers that do not send them ---------------------------
    def forget_fetched_counts(self) -> None:
        """Contents changed: counts fetched earlier may be stale."""
        self._fetched_counts.clear()

    def _fetch_count(self, collection_id: int) -> None:
        self._tasks.start(self._count(collection_id), key=f"count-{collection_id}")

    async def _count(self, collection_id: int) -> None:
        project = self.state.project
        if project is None:
            return
        async with self._count_slots:
            try:
                count = await self.state.services.images.collection_size(project.id, collection_id, project.type)
            except Exception:  # a count is a nicety: no count rather than an error
                return
        self._fetched_counts[collection_id] = count
        index = QPersistentModelIndex(self.collection_index(collection_id))
        if index.isValid():
            self.setData(index, count, CountRole)
            item = self.itemFromIndex(index)
            collection = self.state.collection(collection_id)
            item.setToolTip(_tooltip(item.text(), count, collection.description if collection else ""))


def _tooltip(name: str, count: int | None, description: str) -> str:
    lines = [name if count is None else f"{name} — {count:,} item{'s' if count != 1 else ''}"]
    if description:
        lines.append(description)
    return "\n".join(lines)

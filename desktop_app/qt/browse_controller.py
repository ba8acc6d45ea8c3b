"""The list in the center of the window: one model and one selection that the
gallery and the table share.

It follows the session: its scope (all, dataset, collection), FilterSpec and
sort become an ImageListSource for the lazy ItemTableModel (latest request wins: the model
drops pages of an older generation), keeps the total and the selected count,
and answers "which items?" for actions without loading the list into the
views: select-all only marks the whole range selected, and the ids come from
the api when an action asks for them. The counts go back to the session as
its selection summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QMimeData, QObject, Signal

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import ALL_SERVER_SIDE, FilterSpec
from desktop_app.domain.image_source import LOCAL_LIMIT, SERVER_SORTS, ImageListSource
from desktop_app.domain.session import SelectionSummary
from desktop_app.qt.app_state import AppState
from desktop_app.qt.item_columns import ItemColumns
from desktop_app.qt.item_mime import encode_items
from desktop_app.qt.item_model import ItemTableModel
from desktop_app.qt.selection_rows import ListChanged, ids_of_rows, loaded_ids_of, selected_spans
from desktop_app.shared.matching import EVALUATED_TYPES

Progress = Callable[[int, int], None]
SourceFactory = Callable[[int, Scope, FilterSpec], Any]  # -> a PageSource with all_ids(progress)
RESTORE_LIMIT = 50_000  # selected ids kept across a reload of the same list
PREFETCH_SELECTION_LIMIT = 20_000  # selected rows whose pages are fetched ahead (for a drag)

__all__ = ["BrowseController", "ListChanged"]


class BrowseController(QObject):
    countsChanged = Signal(int, int)  # total (-1 while unknown), selected
    scopeChanged = Signal(object)  # Scope (the session's)
    filterChanged = Signal(object)  # FilterSpec (the session's)
    loadingChanged = Signal(bool)
    sortChanged = Signal()  # the sort column or order changed (or was refused and reverted)
    failureChanged = Signal(str)  # why the list cannot be shown ("" when it can)

    def __init__(
        self,
        state: AppState,
        parent: QObject | None = None,
        *,
        per_page: int = 500,
        local_limit: int = LOCAL_LIMIT,
        server_filters: frozenset[str] = ALL_SERVER_SIDE,
        source_factory: SourceFactory | None = None,
    ) -> None:
        """`source_factory(project_id, scope, spec)` replaces the api listing (benchmarks use
        an in-memory list); by default an ImageListSource over `state.api`."""
        super().__init__(parent)
        self.state = state
        self.session = state.session
        self._source_factory = source_factory
        self.per_page = per_page
        self.local_limit = local_limit
        self.server_filters = server_filters
        self._columns = ItemColumns()
        self.columns = self._columns.columns
        self.model = ItemTableModel(self.columns, self, per_page=per_page)
        self.model.pinned_pages = self._selected_pages  # the model drops far pages, never these
        self.selection_model = QItemSelectionModel(self.model, self)
        self._source: Any = None  # ImageListSource, or what source_factory makes
        self._total: int | None = None
        self._failure = ""
        self._all_matching = False
        self._changing_selection = False  # our own select() calls, not the user's
        self._restore: set[int] = set()  # ids to select again as their pages arrive

        self.model.totalChanged.connect(self._on_total)
        self.model.loadingChanged.connect(self.loadingChanged)
        self.model.loadFailed.connect(self._on_load_failed)
        self.model.pageLoaded.connect(self._on_page_loaded)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.selection_model.selectionChanged.connect(self._on_selection_changed)
        state.signals.changed.connect(self._on_session_changed)
        state.itemsChanged.connect(self._on_items_changed)
        self._on_datasets(state.datasets)
        self._on_meta(state.meta)
        if self.session.sort is not None:
            self.model.set_sort(self.session.sort)
        self._rebuild()

    # -- what is shown ---------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.session.scope

    @property
    def filter(self) -> FilterSpec:
        return self.session.filter

    @property
    def total(self) -> int | None:
        """Items matching, known once the first page has answered."""
        return self._total

    @property
    def failure(self) -> str:
        return self._failure

    @property
    def loading(self) -> bool:
        return self.model.loading

    @property
    def project_id(self) -> int | None:
        return self.session.project_id

    @property
    def item_type(self) -> str:
        """The open project's type ("images", "videos", "point_clouds"): which listing to use."""
        project = self.session.project
        return project.type if project is not None else "images"

    def set_scope(self, scope: Scope) -> None:
        """Show another scope (through the session: the list follows it)."""
        self.session.set_scope(scope)

    def set_filter(self, spec: FilterSpec) -> None:
        """Filter the list (through the session: the list follows it)."""
        self.session.set_filter(spec)

    def reload(self) -> None:
        """Fetch the same list again, keeping the selection (by id) where possible."""
        self._remember_selection()
        self._start(self._new_source())

    def tags_text(self, image: Any) -> str:
        return self._columns.tags_text(image)

    # -- sorting ---------------------------------------------------------------
    @property
    def sort(self) -> tuple[int, bool] | None:
        """(column, descending) of the current order, None for the server's default."""
        current = self.session.sort
        if current is None:
            return None
        column = self._columns.column_of(current[0])
        return None if column is None else (column, current[1])

    def columns_know(self, sort_key: str) -> bool:
        """Whether a sort key (one saved by another version, say) is a column's."""
        return self._columns.column_of(sort_key) is not None

    def sort_by(self, column: int, descending: bool) -> bool:
        """Order the list by a column; False (and a message) when that is not possible now."""
        key = self.columns[column].sort_key
        if key is None:
            return False
        if key not in SERVER_SORTS:  # sorted here: only a list that can be loaded whole
            title = self.columns[column].title.lower()
            if self._total is None:
                self.state.messageRaised.emit(f"Wait for the list to load before sorting by {title}.")
                self.sortChanged.emit()
                return False
            if self._total > self.local_limit:
                self.state.messageRaised.emit(
                    f"Sorting by {title} needs a list under {self.local_limit:,} items "
                    f"({self._total:,} now); narrow the filter."
                )
                self.sortChanged.emit()
                return False
        self.session.set_sort((key, descending))
        return True

    def clear_sort(self) -> None:
        """Back to the server's default order."""
        self.session.set_sort(None)

    def _apply_sort(self) -> None:
        """The session's sort changed: reload in that order, keeping the selection."""
        if self.model.current_sort == self.session.sort:
            return
        self._remember_selection()
        self._total = None
        self.model.set_sort(self.session.sort)
        self._emit_counts()
        self.sortChanged.emit()

    # -- selection -------------------------------------------------------------
    @property
    def all_matching_selected(self) -> bool:
        return self._all_matching

    def selected_count(self) -> int:
        if self._all_matching:
            return self._total or 0
        return sum(bottom - top + 1 for top, bottom in self.selected_spans())

    def selected_spans(self) -> list[tuple[int, int]]:
        """Selected rows as sorted, disjoint (first, last) spans: cheap at any size."""
        return selected_spans(self.selection_model)

    def select_all_matching(self) -> None:
        """Every item matching the filter, without loading them: rows are marked as one range."""
        self._all_matching = True
        self._restore.clear()
        self._select_all_rows()
        self._emit_counts()

    def clear_selection(self) -> None:
        self._all_matching = False
        self._restore.clear()
        with self._own_change():
            self.selection_model.clearSelection()
        self._emit_counts()

    def select_rows(self, rows: list[int], *, add: bool = False) -> None:
        """Select these rows (whole rows, as both views show them)."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        flag = QItemSelectionModel.SelectionFlag
        self.selection_model.select(selection, (flag.Select if add else flag.ClearAndSelect) | flag.Rows)

    async def selected_ids(self, progress: Progress | None = None) -> list[int]:
        """Ids of the selected items (all matching ones when select-all is on), in list order.
        Rows not loaded yet are read through the source, without loading them into the views."""
        if self._all_matching:
            return await self.matching_ids(progress)
        return await ids_of_rows(self.model, self._source, self.selected_spans(), self.per_page, progress)

    async def matching_ids(self, progress: Progress | None = None) -> list[int]:
        """Ids of every item matching the scope and filter, listed through the api."""
        if self._source is None:
            return []
        return await self._source.all_ids(progress)

    async def ids_for_action(self, progress: Progress | None = None) -> list[int]:
        """The selection, or every matching item when nothing is selected."""
        if not self._all_matching and self.selected_count() == 0:
            return await self.matching_ids(progress)
        return await self.selected_ids(progress)

    def drag_mime(self) -> QMimeData | None:
        """What a drag of the selection carries, or None (with a message) when it cannot start."""
        project_id = self.project_id
        if project_id is None:
            return None
        if self._all_matching:
            return encode_items(project_id, (), all_matching=True)
        ids = loaded_ids_of(self.model, self.selected_spans())
        if ids is None:
            self.state.messageRaised.emit(
                "Part of the selection is still loading; drag again in a moment, or use Add selection to collection…"
            )
            return None
        return encode_items(project_id, ids) if ids else None

    # -- internals -------------------------------------------------------------
    def _new_source(self) -> Any:
        project_id = self.project_id
        if project_id is None:
            return None
        if self._source_factory is not None:
            return self._source_factory(project_id, self.scope, self.filter)
        try:
            return ImageListSource(
                self.state.api,
                project_id,
                self.scope,
                self.filter,
                server=self.server_filters,
                client_keys=self._columns.client_keys,
                local_limit=self.local_limit,
                item_type=self.item_type,
                # the FP / TP / Missed columns are shown for images and videos (boxes; a video's
                # counts are its frames' sums): ask for their counts then
                extra_fields=["evaluation"] if self.item_type in EVALUATED_TYPES else (),
            )
        except ValueError as exc:  # a filter this server cannot apply at all
            self._failure = str(exc)
            return None

    def _rebuild(self) -> None:
        """Another list: the selection goes with the old one."""
        self._all_matching = False
        self._restore.clear()
        self._start(self._new_source())

    def _start(self, source: Any) -> None:
        self._failure = "" if source is not None or self.project_id is None else self._failure
        self._source = source
        self._total = None
        with self._own_change():
            self.model.set_source(source)  # resets the model: the selection model clears itself
        self.failureChanged.emit(self._failure)
        self._emit_counts()

    def _remember_selection(self) -> None:
        if self._all_matching:
            return
        ids: list[int] = []
        for top, bottom in self.selected_spans():
            ids.extend(self.model.loaded_ids(range(top, bottom + 1)))
            if len(ids) > RESTORE_LIMIT:
                ids = []
                break
        self._restore = set(ids)

    def _on_total(self, total: int) -> None:
        self._total = total
        if self._failure:
            self._failure = ""
            self.failureChanged.emit("")
        self._emit_counts()

    def _on_rows_inserted(self, *_: object) -> None:
        if self._all_matching:
            self._select_all_rows()
            self._emit_counts()

    def _on_page_loaded(self, page: int) -> None:
        if not self._restore:
            return
        start = (page - 1) * self.per_page
        found = {
            r: item.id
            for r in range(start, min(start + self.per_page, self.model.rowCount()))
            if (item := self.model.item_at(r)) is not None and item.id in self._restore
        }  # row: id
        if found:
            self._restore.difference_update(found.values())
            with self._own_change():
                self.select_rows(list(found), add=True)

    def _on_load_failed(self, text: str) -> None:
        source = self._source
        sort = self.model.current_sort
        if (
            self._total is None
            and isinstance(source, ImageListSource)
            and sort is not None
            and sort[0] not in SERVER_SORTS
            and not source.needs_local(None)
        ):
            # A client-side sort of a list that grew too long: fall back to the server's order.
            self.state.messageRaised.emit(text)
            self.clear_sort()
            return
        if self._total is None:
            self._failure = text
            self.failureChanged.emit(text)
        self.state.errorRaised.emit(text)

    def _on_selection_changed(self, *_: object) -> None:
        if not self._changing_selection:
            self._all_matching = False  # the user changed it: from now on it is the rows
            self._restore.clear()
            self._prefetch_selected()
        self._emit_counts()

    def _prefetch_selected(self) -> None:
        """Load the pages of selected rows not loaded yet, so a drag can carry their ids."""
        spans = self.selected_spans()
        if sum(bottom - top + 1 for top, bottom in spans) > PREFETCH_SELECTION_LIMIT:
            return  # a huge range: actions read it through selected_ids() instead
        for top, bottom in spans:
            for page in range(top // self.per_page, bottom // self.per_page + 1):
                self.model.ensure_loaded(max(top, page * self.per_page))

    def _selected_pages(self) -> set[int]:
        """Pages of the selected rows, kept loaded so a drag or a reload has their ids;
        none for a huge selection (actions read that through selected_ids())."""
        if self._all_matching:
            return set()
        spans = self.selected_spans()
        if sum(bottom - top + 1 for top, bottom in spans) > PREFETCH_SELECTION_LIMIT:
            return set()
        return {page + 1 for top, bottom in spans for page in range(top // self.per_page, bottom // self.per_page + 1)}

    def _select_all_rows(self) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        selection = QItemSelection(self.model.index(0, 0), self.model.index(rows - 1, self.model.columnCount() - 1))
        with self._own_change():
            self.selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    @contextmanager
    def _own_change(self) -> Iterator[None]:
        """Selection changes made here, not by the user (they keep select-all on)."""
        self._changing_selection = True
        try:
            yield
        finally:
            self._changing_selection = False

    def _emit_counts(self) -> None:
        selected = self.selected_count()
        self.countsChanged.emit(-1 if self._total is None else self._total, selected)
        self.session.set_selection(SelectionSummary(self._total, selected, self._all_matching))

    def _on_session_changed(self, fields: frozenset[str]) -> None:
        """One rebuild per change of the session, however many of project, scope and filter it names."""
        if "datasets" in fields:
            self._on_datasets(self.session.datasets)
        if "meta" in fields:
            self._on_meta(self.session.meta)
        if "scope" in fields:
            self.scopeChanged.emit(self.session.scope)
        if "filter" in fields:
            self.filterChanged.emit(self.session.filter)
        if fields & {"project", "scope", "filter"}:
            if self.model.current_sort != self.session.sort:
                self.model.set_sort(self.session.sort)
            self._rebuild()
        elif "sort" in fields:
            self._apply_sort()

    def _on_datasets(self, datasets: list) -> None:
        self._columns.dataset_names = {d.id: d.name for d in datasets}
        self._refresh_texts()

    def _on_meta(self, meta: Any) -> None:
        self._columns.tag_names = {t.id: t.name for t in meta.tags} if meta is not None else {}
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        rows, cols = self.model.rowCount(), self.model.columnCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(rows - 1, cols - 1))

    def _on_items_changed(self) -> None:
        uses_collections = any(self.filter.is_active(n) for n in ("in_collections", "not_in_collections"))
        if self.scope.kind == "collection" or uses_collections:
            self.reload()

"""The one model of the session: the open project with its loaded data
(datasets, classes and tags, collections, queues) and what the user looks at
(browse scope, filter, sort, target collection, selection summary).

Every field has one setter that validates and then tells the subscribers
which fields changed (a frozenset of names from FIELDS). Opening a project
is one change of every field at once, so a list that depends on the
project, scope and filter is rebuilt once, not once per field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.api.records import Collection, Dataset, LabelingQueue, Project
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.session.filter_memory import FilterMemory, NoFilterMemory
from desktop_app.domain.session.selection import SelectionSummary

FIELDS = ("project", "datasets", "meta", "collections", "queues", "scope", "filter", "sort", "target", "selection")
Sort = tuple[str, bool]  # (server sort key, descending)
SessionListener = Callable[[frozenset[str]], None]


class Session:
    def __init__(self, filter_memory: FilterMemory | None = None) -> None:
        self.filter_memory: FilterMemory = filter_memory or NoFilterMemory()
        self._listeners: list[SessionListener] = []
        self.project: Project | None = None
        self.datasets: list[Dataset] = []
        self.meta: ProjectMeta | None = None
        self.collections: list[Collection] = []
        self.queues: list[LabelingQueue] = []
        self.scope: Scope = Scope.all()
        self.filter: FilterSpec = FilterSpec()
        self.sort: Sort | None = None
        self.target: int | None = None  # id of the target collection ("T adds to it")
        self.selection = SelectionSummary()

    # -- subscribers -----------------------------------------------------------
    def subscribe(self, listener: SessionListener) -> Callable[[], None]:
        """Call `listener(changed_fields)` after every change; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, fields: Iterable[str]) -> None:
        changed = frozenset(fields)
        for listener in list(self._listeners):
            listener(changed)

    # -- the project -------------------------------------------------------------
    @property
    def project_id(self) -> int | None:
        return self.project.id if self.project is not None else None

    def open_project(self, project: Project, datasets: Sequence[Dataset], meta: ProjectMeta | None) -> None:
        """Another project (or the same one again): what the user looked at starts over, except
        the filter, which the memory keeps per project, and the sort, which is by column."""
        self.project = project
        self.datasets = list(datasets)
        self.meta = meta
        self.collections = []
        self.queues = []
        self.scope = Scope.all()
        self.filter = self.filter_memory.load(project.id)
        self.target = None
        self.selection = SelectionSummary()
        self._emit(FIELDS)

    def set_datasets(self, datasets: Sequence[Dataset]) -> None:
        self.datasets = list(datasets)
        changed = {"datasets"}
        if self.scope.kind == "dataset" and self.dataset(self.scope.id) is None:
            self.scope = Scope.all()  # the dataset shown is gone
            changed.add("scope")
        self._emit(changed)

    def set_counts(self, project: Project, datasets: Sequence[Dataset]) -> None:
        """The open project's record and datasets read again (their item counts changed, e.g.
        after a delete). Announced as "datasets" only: "project" means another project opened,
        which would start everything the user looks at over."""
        if self.project is None or project.id != self.project.id:
            return  # another project was opened meanwhile
        self.project = project
        self.set_datasets(datasets)

    def set_meta(self, meta: ProjectMeta | None) -> None:
        self.meta = meta
        self._emit({"meta"})

    def set_collections(self, collections: Sequence[Collection]) -> None:
        """The project's collections as the server lists them now, sorted by name; a scope or
        target naming a collection that is gone falls back to all items / no target."""
        self.collections = sorted(collections, key=lambda c: c.name.lower())
        changed = {"collections"}
        if self.scope.kind == "collection" and self.collection(self.scope.id) is None:
            self.scope = Scope.all()
            changed.add("scope")
        if self.target is not None and self.collection(self.target) is None:
            self.target = None
            changed.add("target")
        self._emit(changed)

    def set_queues(self, queues: Sequence[LabelingQueue]) -> None:
        self.queues = list(queues)
        self._emit({"queues"})

    def dataset(self, dataset_id: int | None) -> Dataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)

    def dataset_name(self, dataset_id: int | None) -> str:
        dataset = self.dataset(dataset_id)
        return dataset.name if dataset is not None else ""

    def collection(self, collection_id: int | None) -> Collection | None:
        return next((c for c in self.collections if c.id == collection_id), None)

    # -- what the user looks at ------------------------------------------------------
    def set_scope(self, scope: Scope) -> bool:
        """Show all items, a dataset or a collection (one just created may not be listed yet)."""
        if not isinstance(scope, Scope):
            raise TypeError(f"not a Scope: {scope!r}")
        if scope == self.scope:
            return False
        self.scope = scope
        self._emit({"scope"})
        return True

    def set_filter(self, spec: FilterSpec) -> bool:
        """Filter the list; the filter is remembered for the project."""
        if not isinstance(spec, FilterSpec):
            raise TypeError(f"not a FilterSpec: {spec!r}")
        if spec == self.filter:
            return False
        self.filter = spec
        if self.project is not None:
            self.filter_memory.save(self.project.id, spec)
        self._emit({"filter"})
        return True

    def show(self, scope: Scope, spec: FilterSpec) -> bool:
        """Another scope and filter together: one change, so the list is rebuilt once."""
        if not isinstance(scope, Scope) or not isinstance(spec, FilterSpec):
            raise TypeError(f"not a Scope and a FilterSpec: {scope!r}, {spec!r}")
        changed = {
            name for name, old, new in (("scope", self.scope, scope), ("filter", self.filter, spec)) if old != new
        }
        self.scope = scope
        if "filter" in changed:
            self.filter = spec
            if self.project is not None:
                self.filter_memory.save(self.project.id, spec)
        if changed:
            self._emit(changed)
        return bool(changed)

    def set_sort(self, sort: Sort | None) -> bool:
        """Order the list by a sort key (descending or not); None for the server's order."""
        if sort is not None:
            key, descending = sort
            if not key or not isinstance(descending, bool):
                raise ValueError(f"not a sort: {sort!r}")
            sort = (key, descending)
        if sort == self.sort:
            return False
        self.sort = sort
        self._emit({"sort"})
        return True

    def set_target(self, collection_id: int | None) -> bool:
        """The collection "T" adds to; only a collection of the open project, or None."""
        if collection_id is not None and self.collection(collection_id) is None:
            raise ValueError(f"no collection {collection_id} in this project")
        if collection_id == self.target:
            return False
        self.target = collection_id
        self._emit({"target"})
        return True

    def set_selection(self, summary: SelectionSummary) -> bool:
        if summary == self.selection:
            return False
        self.selection = summary
        self._emit({"selection"})
        return True

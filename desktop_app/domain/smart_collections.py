"""Smart collections in the app (docs/smart-collections-api.md): save the
current filter as a collection whose members the server resolves when it is
read, freeze one into a static collection, and bring a static collection made
from a filter back in line with it ("reconcile").

Why these go straight to the server and not through the outbox: a smart
collection's create, freeze and reconcile are answered with what only the
server knows (its members now, the ids that moved), and the undo steps need
those answers. So they need the server; offline they are refused with a
message saying so, and nothing changes. A reconcile's undo and redo are plain
item edits, so those are queued in the outbox like any other.

- CreateSmartCollection: do = entities-collections.add (type smart);
  undo = delete it; redo = create it again.
- FreezeCollection: do = .freeze; undo = .unfreeze (smart again, same filter);
  redo = .freeze.
- EditSmartFilter: do = .editInfo with the new filter; undo = .editInfo with
  the filter it had (as the server held it, also one the SDK wrote); redo = the
  new one again.
- ReconcileCollection: do = .reconcile; undo = remove the ids it added and add
  back the ids it removed (outbox); redo = the same ids the other way.
(The first do() of each is the build's server call, already answered.)"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from desktop_app.api.client import ApiClient
from desktop_app.api.errors import ApiError, InvalidInput, Unavailable
from desktop_app.api.records import Collection, Dataset, Image
from desktop_app.api.smart_collections import Drift, Reconciled

from .browse_scope import Scope
from .collection_backend import ADD_ITEMS, REMOVE_ITEMS
from .collection_commands import CollectionRef
from .collections import CollectionsService, clean_name
from .filters import FilterSpec, list_body
from .outbox import Sent

# Chips the server cannot resolve inside a stored filter, with the words the panel uses.
NOT_SAVABLE = {"queue_status": "Queue status"}
OFFLINE = (
    "Smart collections are saved straight to the server (they are not queued offline), "
    "and the server cannot be reached now; nothing was changed."
)
_RUNNING: set[asyncio.Task] = set()  # direct calls in flight (a task needs a reference)


class Sample(NamedTuple):
    item: Image
    preview: bytes | None


def smart_filter(spec: FilterSpec, project_id: int) -> dict[str, Any]:
    """The stored filter of a smart collection: the images.list body's filters.
    A chip the server cannot resolve (queue status) is refused, by name."""
    refused = [words for name, words in NOT_SAVABLE.items() if spec.is_active(name)]
    if refused:
        raise ValueError(
            f"The {', '.join(refused)} filter cannot be saved in a smart collection: the server cannot "
            "resolve it when the collection is read. Switch that chip off and save again."
        )
    body = list_body(spec, project_id=project_id)
    return {"filters": body.get("filters", []), "filter": body["filter"]}


def source_filters(spec: FilterSpec, project_id: int, scope: Scope, datasets: list[Dataset]) -> dict[str, Any] | None:
    """What a static collection made from what the window lists remembers (`sourceFilters`, so
    the server can tell its drift): the filter plus the scope, a dataset with the datasets
    under it or a collection. None when the filter has a chip the server cannot resolve."""
    try:
        stored = smart_filter(spec, project_id)
    except ValueError:
        return None
    if scope.kind == "collection":
        stored["filters"] = [*stored["filters"], {"type": "entities_collection", "data": {"collectionId": scope.id}}]
    elif scope.kind == "dataset":
        under = {scope.id}
        while grown := {d.id for d in datasets if d.parent_id in under} - under:
            under |= grown
        stored["datasetIds"] = sorted(i for i in under if i is not None)
    return stored


def _settled(value: Any) -> Sent:
    sent = Sent([])
    sent.set_result(value)
    return sent


def _direct(call: Callable[[], Awaitable[Any]]) -> Sent:
    """A server call started now, as the outbox's `Sent` handle the undo runner follows."""
    sent = Sent([])

    async def go() -> None:
        try:
            sent.set_result(await call())
        except Exception as exc:  # handed to whoever follows the step (UndoRunner shows it)
            sent.set_exception(exc)

    task = asyncio.get_event_loop().create_task(go())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return sent


async def _online(call: Awaitable[Any]) -> Any:
    """A refusal in words: the server's message for bad input, OFFLINE when unreachable."""
    try:
        return await call
    except Unavailable as exc:
        raise ValueError(OFFLINE) from exc
    except InvalidInput as exc:
        raise ValueError(str(exc)) from exc


class SmartCollections:
    """The smart-collection steps; `items` is the open project's CollectionsService
    (its project, and the outbox a reconcile's undo goes through)."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api

    async def create(
        self, items: CollectionsService, name: str, spec: FilterSpec, description: str = ""
    ) -> CreateSmartCollection:
        options = smart_filter(spec, items.project_id)
        name = clean_name(name)
        created = await _online(self.api.smart_collections.create(items.project_id, name, options, description))
        return CreateSmartCollection(self.api, items.project_id, name, description, options, created)

    async def freeze(self, collection: Collection) -> FreezeCollection:
        if not collection.is_smart:
            raise ValueError(f"“{collection.name}” is not a smart collection; only a smart one can be frozen.")
        frozen = await _online(self.api.smart_collections.freeze(collection.id))
        return FreezeCollection(self.api, collection.id, collection.name, frozen.items_count or 0)

    async def stored(self, collection: Collection) -> dict[str, Any]:
        """What it stores: a smart collection's filter, or `{"sourceFilters": ...}` (offline: OFFLINE)."""
        return await _online(self.api.smart_collections.options(collection.id))

    async def edit_filter(self, items: CollectionsService, collection: Collection, spec: FilterSpec) -> EditSmartFilter:
        """Give a smart collection a new filter (a queue-status chip is refused as when saving)."""
        if not collection.is_smart:
            raise ValueError(f"“{collection.name}” is not a smart collection; only a smart one has a filter to edit.")
        new = smart_filter(spec, items.project_id)
        old = await self.stored(collection)
        await _online(self.api.smart_collections.edit_filter(collection.id, new))
        return EditSmartFilter(self.api, collection.id, collection.name, old, new)

    async def drift(self, collection_id: int) -> Drift:
        return await self.api.smart_collections.drift(collection_id)

    async def samples(self, project_id: int, project_type: str, ids: tuple[int, ...], width: int) -> list[Sample]:
        """The items of a drift's sample, each with its preview's bytes (None: no preview)."""
        if not ids:
            return []
        api = self.api.items(project_type)
        items = await api.list(project_id=project_id, filter=[{"field": "id", "operator": "in", "value": list(ids)}])

        async def one(item: Image) -> Sample:
            if project_type == "point_clouds":
                return Sample(item, None)
            try:
                return Sample(item, await self.api.images.preview(item, width))
            except (ApiError, ValueError):  # a missing preview leaves the name only
                return Sample(item, None)

        return list(await asyncio.gather(*(one(item) for item in items)))

    async def reconcile(
        self, items: CollectionsService, collection: Collection, previewed: Drift
    ) -> ReconcileCollection:
        """Members become the filter's matches; a drift that changed since the preview is refused."""
        try:
            done = await _online(self.api.smart_collections.reconcile(collection.id, previewed))
        except ValueError as exc:
            if "changed since the preview" in str(exc):
                raise ValueError(
                    f"“{collection.name}” changed since the preview; nothing was changed. Open Reconcile… again."
                ) from exc
            raise
        return ReconcileCollection(items, collection.id, collection.name, done)


class CreateSmartCollection:
    def __init__(
        self,
        api: ApiClient,
        project_id: int,
        name: str,
        description: str,
        options: dict[str, Any],
        created: Collection,
    ) -> None:
        self.api, self.project_id = api, project_id
        self.name, self.description, self.options = name, description, options
        self.ref = CollectionRef(created.id)
        self.text = f"Save filter as smart collection “{name}”"
        self._fresh = True

    def do(self) -> Sent:
        if self._fresh:
            self._fresh = False
            return _settled(self.ref.id)

        async def again() -> int:
            made = await self.api.smart_collections.create(self.project_id, self.name, self.options, self.description)
            self.ref.id = made.id
            return made.id

        return _direct(again)

    def undo(self) -> Sent:
        collection_id = self.ref.id
        assert collection_id is not None  # undo follows do
        return _direct(lambda: self.api.collections.remove(collection_id))


class FreezeCollection:
    def __init__(self, api: ApiClient, collection_id: int, name: str, count: int) -> None:
        self.api, self.collection_id, self.name, self.count = api, collection_id, name, count
        self.text = f"Freeze smart collection “{name}”"
        self._fresh = True

    def do(self) -> Sent:
        if self._fresh:
            self._fresh = False
            return _settled(self.collection_id)
        return _direct(lambda: self.api.smart_collections.freeze(self.collection_id))

    def undo(self) -> Sent:
        return _direct(lambda: self.api.smart_collections.unfreeze(self.collection_id))


class EditSmartFilter:
    def __init__(self, api: ApiClient, collection_id: int, name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.api, self.collection_id, self.old, self.new = api, collection_id, old, new
        self.text = f"Edit the filter of smart collection “{name}”"
        self._fresh = True

    def _send(self, options: dict[str, Any]) -> Sent:
        return _direct(lambda: self.api.smart_collections.edit_filter(self.collection_id, options))

    def do(self) -> Sent:
        if self._fresh:
            self._fresh = False
            return _settled(self.collection_id)
        return self._send(self.new)

    def undo(self) -> Sent:
        return self._send(self.old)


class ReconcileCollection:
    """Undo and redo move exactly the ids the server reported, through the outbox."""

    def __init__(self, items: CollectionsService, collection_id: int, name: str, done: Reconciled) -> None:
        self.items, self.ref, self.done = items, CollectionRef(collection_id), done
        self.text = f"Reconcile “{name}” with its filter (+{len(done.added_ids):,} / −{len(done.removed_ids):,})"
        self._fresh = True

    def _move(self, add: tuple[int, ...], remove: tuple[int, ...]) -> Sent:
        parts = []
        if add:
            parts.append(self.items.enqueue_items(ADD_ITEMS, self.ref, add))
        if remove:
            parts.append(self.items.enqueue_items(REMOVE_ITEMS, self.ref, remove))
        return Sent.all(parts)

    def do(self) -> Sent:
        if self._fresh:
            self._fresh = False
            return _settled(self.done)
        return self._move(self.done.added_ids, self.done.removed_ids)

    def undo(self) -> Sent:
        return self._move(self.done.removed_ids, self.done.added_ids)

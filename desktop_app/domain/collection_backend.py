"""What the collections domain needs from a server, and how queued collection
edits are sent.

`CollectionsBackend` is the small async interface the service and the outbox
sender use. `ApiCollectionsBackend` implements it with the api package's
`CollectionsApi` and `ImagesApi`; tests may give any other implementation.

`collection_sender(backend)` is the outbox's sender for collection edits.
It keeps every kind idempotent, as the outbox requires (a replay after a crash
sends an operation twice):
- create: answers the new collection's id (later edits of it carry that id
  through the outbox's `result_of`). When an earlier attempt may have landed,
  a collection of that name made meanwhile is taken as its own.
- add_items / remove_items go through api.bulk.ItemsBulk: adding items already
  in a collection adds nothing; when the server refuses a request for some
  unusable ids (e.g. an item deleted since the preview) the rest is sent
  again, so the items that still exist are added. Removing absent items is
  harmless; a collection that no longer exists has nothing to remove (its
  NotFound counts as done).
- rename / describe set a value; delete of a collection already gone is done.

Edits made offline (collections.py) settle here, when they are sent:
- add / remove with `check`: the collection is read first and only the ids
  that change it are sent; the answer is those ids (the undo step's). A
  replay of one that had landed answers nothing changed, so its undo then
  takes back nothing: it never removes more than was added.
- add with `itemsOf`: a duplicate's copy of another collection's items, read
  when sent; the answer is the ids added.
- delete with `reportItems`: the answer is the items it held (for undo).
- an undo step whose ids were to come from an edit that failed has nothing to
  take back (its ids are still the outbox's placeholder): done, [] .
"""

from __future__ import annotations

import builtins  # `list` is also a method name in these classes
from collections.abc import Sequence
from typing import Any, Protocol

from desktop_app.api.bulk import ItemsBulk
from desktop_app.api.errors import NotFound
from desktop_app.api.query import cond
from desktop_app.api.records import Collection, ItemsChange

from .outbox import ATTEMPT

CHUNK = 5_000  # ids per queued operation and per request (the server accepts up to 10,000)
# Candidate ids per membership question: the bundled server takes at most
# 10,000 values in one `id in` filter.
MEMBERS_CHUNK = 10_000
ID_MAX = 2**31 - 1  # item ids are 32-bit: a larger one is in no collection
CREATE = "collections.create"
ADD_ITEMS = "collections.add_items"
REMOVE_ITEMS = "collections.remove_items"
RENAME = "collections.rename"
DESCRIBE = "collections.describe"
DELETE = "collections.delete"


class CollectionsBackend(Protocol):
    async def list(self, project_id: int) -> list[Collection]: ...

    async def item_ids(self, project_id: int, collection_id: int) -> builtins.list[int]: ...

    async def members_among(
        self, project_id: int, collection_id: int, entity_ids: Sequence[int]
    ) -> builtins.list[int]: ...

    async def create(
        self, project_id: int, name: str, description: str | None = None, options: dict[str, Any] | None = None
    ) -> Collection: ...

    async def update(self, collection_id: int, *, name: str | None = None, description: str | None = None) -> Any: ...

    async def remove(self, collection_id: int) -> None: ...

    async def add_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange: ...

    async def remove_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange: ...


class ApiCollectionsBackend:
    """The backend over the real api client objects."""

    def __init__(self, collections: Any, images: Any, by_type: dict[str, Any] | None = None) -> None:
        """api CollectionsApi, ImagesApi, and the listings of other project types ({"videos": VideosApi})."""
        self._collections = collections
        self._images = images
        self._by_type = dict(by_type or {})
        self.project_types: dict[int, str] = {}  # filled as projects are opened: which listing to use

    @classmethod
    def from_client(cls, api: Any) -> ApiCollectionsBackend:
        """From an api.ApiClient."""
        return cls(api.collections, api.images, {"videos": api.videos, "point_clouds": api.point_clouds})

    async def list(self, project_id: int) -> list[Collection]:
        return await self._collections.list(project_id)

    def _listing(self, project_id: int) -> Any:
        return self._by_type.get(self.project_types.get(project_id, "images"), self._images)

    async def item_ids(self, project_id: int, collection_id: int) -> builtins.list[int]:
        items = await self._listing(project_id).list(project_id=project_id, collection_id=collection_id)
        return [item.id for item in items]

    async def members_among(self, project_id: int, collection_id: int, entity_ids: Sequence[int]) -> builtins.list[int]:
        """Which of `entity_ids` the collection holds: the listing with the
        collection filter and an id filter, so that a few candidates against a
        collection of 100,000 items read a few rows, not the whole collection."""
        ids = [i for i in dict.fromkeys(entity_ids) if 0 < i <= ID_MAX]
        found: builtins.list[int] = []
        for start in range(0, len(ids), MEMBERS_CHUNK):
            chunk = ids[start : start + MEMBERS_CHUNK]
            items = await self._listing(project_id).list(
                project_id=project_id, collection_id=collection_id, filter=[cond("id", "in", chunk)]
            )
            found.extend(item.id for item in items)
        return found

    async def create(
        self, project_id: int, name: str, description: str | None = None, options: dict[str, Any] | None = None
    ) -> Collection:
        return await self._collections.create(project_id, name, description, options=options)

    async def update(self, collection_id: int, *, name: str | None = None, description: str | None = None) -> Any:
        return await self._collections.update(collection_id, name=name, description=description)

    async def remove(self, collection_id: int) -> None:
        await self._collections.remove(collection_id)

    async def add_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange:
        return await self._collections.add_items(collection_id, entity_ids)

    async def remove_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange:
        return await self._collections.remove_items(collection_id, entity_ids)


def collection_sender(backend: CollectionsBackend):
    """An OutboxSender for the collection kinds above."""

    async def send(kind: str, payload: dict[str, Any]) -> Any:
        if kind == CREATE:
            return await _create(backend, payload)
        if kind in (ADD_ITEMS, REMOVE_ITEMS) and (
            payload.get("check") or "itemsOf" in payload or not isinstance(payload.get("entityIds"), list)
        ):
            return await _settle(backend, kind, payload)
        if kind == DELETE and payload.get("reportItems"):
            return await _delete_reporting(backend, payload)
        if kind == ADD_ITEMS:
            return await ItemsBulk(backend, _id(payload["collectionId"]), payload["entityIds"], chunk_size=CHUNK).run()
        if kind == REMOVE_ITEMS:
            try:
                return await ItemsBulk(
                    backend, _id(payload["collectionId"]), payload["entityIds"], remove=True, chunk_size=CHUNK
                ).run()
            except NotFound:
                return None  # the collection is gone, and so are its items
        if kind == RENAME:
            return await backend.update(_id(payload["id"]), name=payload["name"])
        if kind == DESCRIBE:
            return await backend.update(_id(payload["id"]), description=payload["description"])
        if kind == DELETE:
            try:
                return await backend.remove(_id(payload["id"]))
            except NotFound:
                return None  # already deleted (e.g. a replay after a crash)
        raise ValueError(f"unknown collection edit {kind!r}")

    return send


async def _settle(backend: CollectionsBackend, kind: str, payload: dict[str, Any]) -> builtins.list[int]:
    """An offline edit: read what is there now, send only what changes it, answer that."""
    listed = payload.get("entityIds")
    if "itemsOf" not in payload and not isinstance(listed, builtins.list):
        return []  # the edit this one would undo failed: it changed nothing
    collection_id, project_id = _id(payload["collectionId"]), payload["projectId"]
    if "itemsOf" in payload:
        ids = await backend.item_ids(project_id, _id(payload["itemsOf"]))
    else:
        ids = list(listed or ())
    try:
        current = set(await backend.item_ids(project_id, collection_id))
    except NotFound:
        if kind == REMOVE_ITEMS:
            return []  # the collection is gone, and so are its items
        raise
    remove = kind == REMOVE_ITEMS
    changes = [i for i in dict.fromkeys(ids) if (i in current) == remove]
    if not changes:
        return []
    bulk = await ItemsBulk(backend, collection_id, changes, remove=remove, chunk_size=CHUNK).run()
    refused = set(bulk.missing)
    return [i for i in changes if i not in refused]


async def _delete_reporting(backend: CollectionsBackend, payload: dict[str, Any]) -> builtins.list[int]:
    collection_id = _id(payload["id"])
    try:
        items = await backend.item_ids(payload["projectId"], collection_id)
        await backend.remove(collection_id)
    except NotFound:
        return []  # already deleted (a replay): its items are not known any more
    return items


async def _create(backend: CollectionsBackend, payload: dict[str, Any]) -> int:
    project_id, name = payload["projectId"], payload["name"]
    if ATTEMPT.get() > 1:
        same_name = [c for c in await backend.list(project_id) if c.name == name]
        if same_name:
            return same_name[0].id
    return (await backend.create(project_id, name, payload.get("description") or None, payload.get("options"))).id


def _id(value: Any) -> int:
    """A collection id, once the create that makes it has been sent."""
    if not isinstance(value, int):
        raise ValueError("the collection this edit is for was never created")
    return value

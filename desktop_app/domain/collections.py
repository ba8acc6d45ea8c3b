"""Collections of one project: list, previews of adds and removes, and the
edits, each an undoable command (see collection_commands.py).

Every edit (creating, adding and removing items, renaming, describing,
deleting) is queued in the Outbox (kinds in collection_backend.py), so it
survives being offline and a restart, and reaches the server in the order it
was made. A create's id comes back through its `Sent` handle; edits queued
before then name the collection by the outbox's placeholder for it.

Previews are computed BEFORE anything is written, from the server's items plus
the edits still waiting in the outbox, and each command sends exactly the
difference it previewed. So a replayed operation is harmless and an undo
takes back exactly what was changed (an add undone removes only the items
that were new)."""

from __future__ import annotations

import builtins  # `list` is also a method name in these classes
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.api.records import Collection

from .collection_backend import (
    ADD_ITEMS,
    CHUNK,
    CREATE,
    DELETE,
    DESCRIBE,
    REMOVE_ITEMS,
    RENAME,
    CollectionsBackend,
)
from .collection_commands import (
    AddItems,
    CollectionRef,
    CreateCollection,
    DeleteCollection,
    Describe,
    DuplicateCollection,
    RemoveItems,
    Rename,
)
from .limits import DESCRIPTION_MAX, NAME_MAX
from .outbox import Outbox, Sent


@dataclass(frozen=True)
class ItemsPreview:
    """What an add or a remove would do, before it is done."""

    kind: Literal["add", "remove"]
    collection_id: int
    changes: tuple[int, ...]  # add: the new items; remove: the items in the collection
    unchanged: tuple[int, ...]  # add: already in; remove: not in the collection
    unavailable: tuple[int, ...] = ()  # add: not items this collection can hold

    def summary(self) -> str:
        if self.kind == "add":
            return f"{len(self.changes)} new, {len(self.unchanged)} already in, {len(self.unavailable)} unavailable"
        return f"{len(self.changes)} to remove, {len(self.unchanged)} not in the collection"


def clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValueError("a collection needs a name")
    if len(name) > NAME_MAX:
        raise ValueError(f"the name is {len(name)} characters long; the maximum is {NAME_MAX}")
    return name


def clean_description(text: str) -> str:
    if len(text) > DESCRIPTION_MAX:
        raise ValueError(f"the description is {len(text)} characters long; the maximum is {DESCRIPTION_MAX}")
    return text


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


class CollectionsService:
    def __init__(self, backend: CollectionsBackend, outbox: Outbox, project_id: int) -> None:
        self.backend = backend
        self.outbox = outbox
        self.project_id = project_id
        self._refs: dict[int, CollectionRef] = {}

    # ---- reading -------------------------------------------------------------
    async def list(self) -> list[Collection]:
        return await self.backend.list(self.project_id)

    def ref(self, collection_id: int) -> CollectionRef:
        """The one reference commands share for a collection, so that an undo
        which recreates it (with a new id) is followed by every later command."""
        ref = self._refs.get(collection_id)
        if ref is None:
            ref = self._refs[collection_id] = CollectionRef(collection_id)
        return ref

    async def current_items(self, collection_id: int) -> builtins.list[int]:
        """The server's items with the queued, unsent edits applied in order."""
        # The edits first: one sent while the server's list is read is then in both
        # (applying it again changes nothing), never in neither.
        waiting = self.outbox.pending()
        items = dict.fromkeys(await self.backend.item_ids(self.project_id, collection_id))
        for op in waiting:
            if op.payload.get("collectionId") != collection_id:
                continue
            if op.kind == ADD_ITEMS:
                items.update(dict.fromkeys(op.payload["entityIds"]))
            elif op.kind == REMOVE_ITEMS:
                for i in op.payload["entityIds"]:
                    items.pop(i, None)
        return list(items)

    async def preview_add(
        self, collection_id: int, item_ids: Iterable[int], candidates_valid: Set[int] | None = None
    ) -> ItemsPreview:
        """`candidates_valid`: the ids known to be items of this project and type
        (e.g. the listing the selection came from); None trusts every id."""
        current = set(await self.current_items(collection_id))
        new, already, unavailable = [], [], []
        for i in _unique(item_ids):
            if i in current:
                already.append(i)
            elif candidates_valid is None or i in candidates_valid:
                new.append(i)
            else:
                unavailable.append(i)
        return ItemsPreview("add", collection_id, tuple(new), tuple(already), tuple(unavailable))

    async def preview_remove(self, collection_id: int, item_ids: Iterable[int]) -> ItemsPreview:
        current = set(await self.current_items(collection_id))
        ids = _unique(item_ids)
        return ItemsPreview(
            "remove", collection_id, tuple(i for i in ids if i in current), tuple(i for i in ids if i not in current)
        )

    # ---- commands (not run yet: `cmd.do()`, later `cmd.undo()`) ----------------
    async def create(self, name: str, description: str = "") -> CreateCollection:
        name = clean_name(name)
        await self._check_free(name)
        return CreateCollection(self, name, clean_description(description))

    def add(self, preview: ItemsPreview) -> AddItems:
        if preview.kind != "add":
            raise ValueError("not an add preview")
        return AddItems(self, self.ref(preview.collection_id), preview.changes)

    def remove(self, preview: ItemsPreview) -> RemoveItems:
        if preview.kind != "remove":
            raise ValueError("not a remove preview")
        return RemoveItems(self, self.ref(preview.collection_id), preview.changes)

    async def rename(self, collection: Collection, new_name: str) -> Rename:
        new_name = clean_name(new_name)
        await self._check_free(new_name, except_id=collection.id)
        return Rename(self, self.ref(collection.id), collection.name, new_name)

    def describe(self, collection: Collection, description: str) -> Describe:
        return Describe(self, self.ref(collection.id), collection.description, clean_description(description))

    async def delete(self, collection: Collection) -> DeleteCollection:
        """Snapshots name, description and items now, so that undo can recreate it."""
        items = await self.current_items(collection.id)
        return DeleteCollection(self, self.ref(collection.id), collection.name, collection.description, items)

    async def duplicate(self, collection: Collection, new_name: str) -> DuplicateCollection:
        new_name = clean_name(new_name)
        await self._check_free(new_name)
        items = await self.current_items(collection.id)
        return DuplicateCollection(self, self.ref(collection.id), new_name, collection.description, items)

    # ---- used by the commands: each queues operations and hands back their Sent ----
    def enqueue_create(self, ref: CollectionRef, name: str, description: str, items: Iterable[int] = ()) -> Sent:
        """Create the collection `ref` names from now on (a new id), with `items`."""
        if ref.id is not None:
            self._refs.pop(ref.id, None)
        created = self.outbox.enqueue(CREATE, {"projectId": self.project_id, "name": name, "description": description})
        ref.id, ref.creating = None, created
        created.add_done_callback(lambda _: self._created(ref, created))
        return Sent.all([created, self.enqueue_items(ADD_ITEMS, ref, items)])

    def enqueue_items(self, kind: str, target: CollectionRef | int, ids: Iterable[int]) -> Sent:
        ids = list(ids)
        return Sent.all(
            self.outbox.enqueue(kind, {"collectionId": _wire(target), "entityIds": ids[i : i + CHUNK]})
            for i in range(0, len(ids), CHUNK)
        )

    def enqueue_rename(self, target: CollectionRef | int, name: str) -> Sent:
        return self.outbox.enqueue(RENAME, {"id": _wire(target), "name": name})

    def enqueue_describe(self, target: CollectionRef | int, description: str) -> Sent:
        return self.outbox.enqueue(DESCRIBE, {"id": _wire(target), "description": description})

    def enqueue_delete(self, target: CollectionRef | int) -> Sent:
        return self.outbox.enqueue(DELETE, {"id": _wire(target)})

    def _created(self, ref: CollectionRef, sent: Sent) -> None:
        if ref.creating is sent and sent.exception() is None:
            ref.id, ref.creating = sent.result(), None
            self._refs[ref.id] = ref

    async def _check_free(self, name: str, except_id: int | None = None) -> None:
        for c in await self.backend.list(self.project_id):
            if c.name == name and c.id != except_id:
                raise ValueError(f"a collection named {name!r} already exists in this project")


def _wire(target: CollectionRef | int) -> Any:
    return target.wire() if isinstance(target, CollectionRef) else target

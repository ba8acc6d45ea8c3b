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
that were new). An add's preview asks the server about its candidate ids
only (`members_among`), never for the whole collection.

Offline, a preview never waits for the server: when the outbox is already held
up by network trouble, or the server does not answer within QUICK_CHECK, it is
computed from what is known (the collection's last listing and the queued
edits) and marked unchecked: its items are queued with `check`, and the
sender settles them against the server's list when it is back
(collection_backend.py); the undo step then takes back exactly what the server
reported changed. Names are checked against the last known list of
collections; a name taken meanwhile is refused by the server on replay and
shown as a failed edit. A delete or duplicate whose items are not known asks
the sender to read them when it sends."""

from __future__ import annotations

import asyncio
import builtins  # `list` is also a method name in these classes
from collections.abc import Awaitable, Callable, Iterable, Set
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from desktop_app.api.records import Collection
from desktop_app.api.retry import READ_RETRIES

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
from .outbox import Outbox, Sent, is_transient, result_of
from .plain_errors import Refused

# How long a preview or a name check waits for the server before it goes on
# with what is known (a stopped server answers at once; a hung one never does).
QUICK_CHECK = 1.0
T = TypeVar("T")


@dataclass(frozen=True)
class ItemsPreview:
    """What an add or a remove would do, before it is done."""

    kind: Literal["add", "remove"]
    collection_id: int
    changes: tuple[int, ...]  # add: the new items; remove: the items in the collection
    unchanged: tuple[int, ...]  # add: already in; remove: not in the collection
    unavailable: tuple[int, ...] = ()  # add: not items this collection can hold
    # False: the server could not be asked; `changes` are queued and checked when it is back
    checked: bool = True

    def summary(self) -> str:
        if not self.checked:
            parts = [f"{len(self.changes)} queued; will be checked when the server is back"]
            if self.unchanged:
                parts.append(f"{len(self.unchanged)} {'already in' if self.kind == 'add' else 'already removed'}")
            if self.unavailable:
                parts.append(f"{len(self.unavailable)} unavailable")
            return ", ".join(parts)
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


def _apply_waiting(items: dict[int, None], waiting: Iterable[Any], collection_id: int) -> None:
    """The queued edits of the collection applied in order to `items` (ids as keys)."""
    for op in waiting:
        ids = op.payload.get("entityIds")
        if op.payload.get("collectionId") != collection_id or not isinstance(ids, builtins.list):
            continue  # another collection's, or an undo whose ids the server will tell
        if op.kind == ADD_ITEMS:
            items.update(dict.fromkeys(ids))
        elif op.kind == REMOVE_ITEMS:
            for i in ids:
                items.pop(i, None)


class CollectionsService:
    def __init__(self, backend: CollectionsBackend, outbox: Outbox, project_id: int) -> None:
        self.backend = backend
        self.outbox = outbox
        self.project_id = project_id
        self._refs: dict[int, CollectionRef] = {}
        # what the server said last: used when it cannot be asked (offline previews)
        self.known_collections: builtins.list[Collection] = []
        self._known_items: dict[int, builtins.list[int]] = {}

    # ---- reading -------------------------------------------------------------
    async def list(self) -> list[Collection]:
        self.known_collections = await self.backend.list(self.project_id)
        return self.known_collections

    async def _quick(self, read: Callable[[], Awaitable[T]]) -> T | None:
        """`read()`'s answer, or None when the server is unreachable, hung, or the
        outbox already waits for it (then it is not even asked: no waiting)."""
        if self.outbox.held_up() is not None:
            return None
        no_retries = READ_RETRIES.set(False)  # a refused connection answers at once
        try:
            return await asyncio.wait_for(read(), QUICK_CHECK)
        except TimeoutError:
            return None
        except Exception as exc:
            if is_transient(exc):  # only network trouble means "not known"
                return None
            raise
        finally:
            READ_RETRIES.reset(no_retries)

    def ref(self, collection_id: int) -> CollectionRef:
        """The one reference commands share for a collection, so that an undo
        which recreates it (with a new id) is followed by every later command."""
        ref = self._refs.get(collection_id)
        if ref is None:
            ref = self._refs[collection_id] = CollectionRef(collection_id)
        return ref

    async def current_items(self, collection_id: int) -> builtins.list[int]:
        """The server's items with the queued, unsent edits applied in order."""
        items, _ = await self._items(collection_id, quick=False)
        return items  # type: ignore[return-value]  # quick=False: always read

    async def _items(self, collection_id: int, *, quick: bool) -> tuple[builtins.list[int] | None, bool]:
        """(items, checked). With `quick`, when the server cannot be asked: the last
        listing with the queued edits applied, unchecked (None: no listing known)."""
        # The edits first: one sent while the server's list is read is then in both
        # (applying it again changes nothing), never in neither.
        waiting = self.outbox.pending()

        async def read() -> builtins.list[int]:
            return await self.backend.item_ids(self.project_id, collection_id)

        listed = await (self._quick(read) if quick else read())
        if listed is not None:
            self._known_items[collection_id] = listed
        known = listed if listed is not None else self._known_items.get(collection_id)
        if known is None:
            return None, False
        items = dict.fromkeys(known)
        _apply_waiting(items, waiting, collection_id)
        return list(items), listed is not None

    async def _members(self, collection_id: int, ids: builtins.list[int]) -> tuple[set[int], bool]:
        """(which of `ids` the collection holds, checked): the server is asked about
        these ids only, not for the whole collection (a few items added to one of
        100,000 read a few rows); the queued, unsent edits are applied in order.
        When the server cannot be asked: from its last listing known, unchecked."""
        waiting = self.outbox.pending()  # before the read, as in _items

        async def read() -> builtins.list[int]:
            return await self.backend.members_among(self.project_id, collection_id, ids)

        found = await self._quick(read)
        known = found if found is not None else self._known_items.get(collection_id, ())
        members = dict.fromkeys(known)
        _apply_waiting(members, waiting, collection_id)
        return set(members), found is not None

    async def preview_add(
        self, collection_id: int, item_ids: Iterable[int], candidates_valid: Set[int] | None = None
    ) -> ItemsPreview:
        """`candidates_valid`: the ids known to be items of this project and type
        (e.g. the listing the selection came from); None trusts every id."""
        self._refuse_smart(collection_id)
        ids = _unique(item_ids)
        members, checked = await self._members(collection_id, ids)
        current = members | self._queued(collection_id, ADD_ITEMS)
        new, already, unavailable = [], [], []
        for i in ids:
            if i in current:
                already.append(i)
            elif candidates_valid is None or i in candidates_valid:
                new.append(i)
            else:
                unavailable.append(i)
        return ItemsPreview("add", collection_id, tuple(new), tuple(already), tuple(unavailable), checked)

    async def preview_remove(self, collection_id: int, item_ids: Iterable[int]) -> ItemsPreview:
        self._refuse_smart(collection_id)
        items, checked = await self._items(collection_id, quick=True)
        ids = _unique(item_ids)
        if not checked:  # what is known may be stale: every id not already queued out is checked on sending
            gone = self._queued(collection_id, REMOVE_ITEMS)
            changes, unchanged = tuple(i for i in ids if i not in gone), tuple(i for i in ids if i in gone)
            return ItemsPreview("remove", collection_id, changes, unchanged, (), False)
        current = set(items or ())
        return ItemsPreview(
            "remove", collection_id, tuple(i for i in ids if i in current), tuple(i for i in ids if i not in current)
        )

    def _refuse_smart(self, collection_id: int) -> None:
        """The server refuses item edits of a smart collection (docs/smart-collections-api.md): say so first."""
        known = next((c for c in self.known_collections if c.id == collection_id), None)
        if known is not None and known.is_smart:
            raise Refused(
                f"“{known.name}” is a smart collection: its members come from its filter. "
                "Freeze it first (right-click it in the sidebar) to add or remove items by hand."
            )

    def _queued(self, collection_id: int, kind: str) -> set[int]:
        """Ids the queued edits leave added (kind ADD_ITEMS) or removed (REMOVE_ITEMS)."""
        other = REMOVE_ITEMS if kind == ADD_ITEMS else ADD_ITEMS
        ids: set[int] = set()
        for op in self.outbox.pending():
            listed = op.payload.get("entityIds")
            if op.payload.get("collectionId") != collection_id or not isinstance(listed, builtins.list):
                continue
            if op.kind == kind:
                ids.update(listed)
            elif op.kind == other:
                ids.difference_update(listed)
        return ids

    # ---- commands (not run yet: `cmd.do()`, later `cmd.undo()`) ----------------
    async def create(self, name: str, description: str = "", options: dict[str, Any] | None = None) -> CreateCollection:
        """`options`: sent with the create as they are (e.g. the filter it is made from, `sourceFilters`)."""
        name = clean_name(name)
        await self._check_free(name)
        return CreateCollection(self, name, clean_description(description), options=options)

    def add(self, preview: ItemsPreview) -> AddItems:
        if preview.kind != "add":
            raise ValueError("not an add preview")
        return AddItems(self, self.ref(preview.collection_id), preview.changes, checked=preview.checked)

    def remove(self, preview: ItemsPreview) -> RemoveItems:
        if preview.kind != "remove":
            raise ValueError("not a remove preview")
        return RemoveItems(self, self.ref(preview.collection_id), preview.changes, checked=preview.checked)

    async def rename(self, collection: Collection, new_name: str) -> Rename:
        new_name = clean_name(new_name)
        await self._check_free(new_name, except_id=collection.id)
        return Rename(self, self.ref(collection.id), collection.name, new_name)

    def describe(self, collection: Collection, description: str) -> Describe:
        return Describe(self, self.ref(collection.id), collection.description, clean_description(description))

    async def delete(self, collection: Collection) -> DeleteCollection:
        """Snapshots name, description and items now, so that undo can recreate it."""
        items, _ = await self._items(collection.id, quick=True)
        return DeleteCollection(self, self.ref(collection.id), collection.name, collection.description, items)

    async def duplicate(self, collection: Collection, new_name: str) -> DuplicateCollection:
        new_name = clean_name(new_name)
        await self._check_free(new_name)
        items, _ = await self._items(collection.id, quick=True)
        return DuplicateCollection(self, self.ref(collection.id), new_name, collection.description, items)

    # ---- used by the commands: each queues operations and hands back their Sent ----
    def enqueue_create(
        self, ref: CollectionRef, name: str, description: str, items: Items = (), options: dict[str, Any] | None = None
    ) -> Sent:
        """Create the collection `ref` names from now on (a new id), with `items`:
        ids, the items a queued edit reports (a Sent), or a copy of another collection's."""
        if ref.id is not None:
            self._refs.pop(ref.id, None)
        payload: dict[str, Any] = {"projectId": self.project_id, "name": name, "description": description}
        if options:
            payload["options"] = options
        created = self.outbox.enqueue(CREATE, payload)
        ref.id, ref.creating = None, created
        created.add_done_callback(lambda _: self._created(ref, created))
        if isinstance(items, Sent):
            filled = self.enqueue_reported(ADD_ITEMS, ref, [items])
        elif isinstance(items, CollectionRef):  # read from the source when sent (offline: not known now)
            payload = {"collectionId": _wire(ref), "itemsOf": items.wire(), "projectId": self.project_id}
            filled = self.outbox.enqueue(ADD_ITEMS, payload)
        else:
            filled = self.enqueue_items(ADD_ITEMS, ref, items)
        return Sent.all([created, filled])

    def enqueue_items(self, kind: str, target: CollectionRef | int, ids: Iterable[int]) -> Sent:
        return Sent.all(self.enqueue_chunks(kind, target, ids))

    def enqueue_chunks(
        self, kind: str, target: CollectionRef | int, ids: Iterable[int], *, check: bool = False
    ) -> builtins.list[Sent]:
        """One operation per CHUNK ids. `check`: the sender first reads the collection and
        sends only the ids that change it, and answers them (an unchecked preview's)."""
        ids = list(ids)
        extra = {"check": True, "projectId": self.project_id} if check else {}
        return [
            self.outbox.enqueue(kind, {"collectionId": _wire(target), "entityIds": ids[i : i + CHUNK], **extra})
            for i in range(0, len(ids), CHUNK)
        ]

    def enqueue_reported(self, kind: str, target: CollectionRef | int, reports: Iterable[Sent]) -> Sent:
        """`kind` for the ids that the edits of `reports` answer (or will answer) as changed."""
        parts = []
        for sent in reports:
            if not sent.done():  # the outbox puts the answer in when that edit is sent
                parts.append(self.outbox.enqueue(kind, {"collectionId": _wire(target), "entityIds": result_of(sent)}))
            elif sent.exception() is None and sent.result():
                parts.append(self.enqueue_items(kind, target, sent.result()))
            # an edit that failed changed nothing: nothing to take back
        return Sent.all(parts)

    def enqueue_rename(self, target: CollectionRef | int, name: str) -> Sent:
        return self.outbox.enqueue(RENAME, {"id": _wire(target), "name": name})

    def enqueue_describe(self, target: CollectionRef | int, description: str) -> Sent:
        return self.outbox.enqueue(DESCRIBE, {"id": _wire(target), "description": description})

    def enqueue_delete(self, target: CollectionRef | int, *, report_items: bool = False) -> Sent:
        """`report_items`: the sender answers the items it deleted with it (for undo)."""
        extra = {"reportItems": True, "projectId": self.project_id} if report_items else {}
        return self.outbox.enqueue(DELETE, {"id": _wire(target), **extra})

    def _created(self, ref: CollectionRef, sent: Sent) -> None:
        if ref.creating is sent and sent.exception() is None:
            ref.id, ref.creating = sent.result(), None
            self._refs[ref.id] = ref

    async def _check_free(self, name: str, except_id: int | None = None) -> None:
        listed = await self._quick(lambda: self.backend.list(self.project_id))
        if listed is not None:
            self.known_collections = listed
        for c in self.known_collections if listed is None else listed:
            if c.name.casefold() == name.casefold() and c.id != except_id:  # the server ignores case too
                raise ValueError(f"a collection named {c.name!r} already exists in this project")


Items = Iterable[int] | Sent | CollectionRef


def _wire(target: CollectionRef | int) -> Any:
    return target.wire() if isinstance(target, CollectionRef) else target

"""Union, intersection and difference of collections (the server's
entities-collections.combine, docs/set-operations-api.md): a preview from a
dry run, then the write as one undoable step.

The server resolves the sets, so the combine is sent at once, not through the
outbox: it needs the server anyway (the preview comes from it). Earlier edits
still in the outbox go first, so the combine sees them: the write waits for
them (Cancel stops the wait), and is refused in words when they are held up
because the server cannot be reached. Its undo and redo are plain outbox edits like every
other collection step (collection_commands.py):

| command              | do (after the first, which the server did)  | undo                            |
|----------------------|---------------------------------------------|---------------------------------|
| CombineIntoNew       | recreate the collection with its items      | delete the collection           |
| CombineIntoExisting  | add the items that were new to the target   | remove those same items         |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from desktop_app.api.combine_records import Combined
from desktop_app.api.query import cond
from desktop_app.api.records import Image

from .collection_backend import ADD_ITEMS, REMOVE_ITEMS
from .collection_commands import CollectionRef
from .collections import clean_description, clean_name
from .outbox import Sent

if TYPE_CHECKING:
    from desktop_app.api.client import ApiClient

    from .collections import CollectionsService

Operation = Literal["union", "intersection", "difference"]
OPERATIONS: dict[Operation, str] = {
    "union": "Items in any of the collections.",
    "intersection": "Items in every one of the collections.",
    "difference": "Items of the first collection that are in none of the others (order matters).",
}
SAMPLE = 12


@dataclass(frozen=True)
class CombineSpec:
    operation: Operation
    source_ids: tuple[int, ...]  # in order: a difference is the first minus the others
    into_name: str | None = None  # a new collection of this name...
    into_description: str = ""
    into_id: int | None = None  # ...or this existing one

    def checked(self) -> CombineSpec:
        """Refuses in words what the server would refuse (ValueError)."""
        if self.operation not in OPERATIONS:
            raise ValueError(f"unknown operation {self.operation!r}")
        if len(set(self.source_ids)) < 2:
            raise ValueError("choose at least two collections to combine")
        if self.into_id is None:
            name = clean_name(self.into_name or "")
            return CombineSpec(self.operation, self.source_ids, name, clean_description(self.into_description))
        return self


@dataclass(frozen=True)
class CombinePreview:
    spec: CombineSpec
    result: Combined
    sample: tuple[Image, ...]  # the records of result.sample (for thumbnails)

    def summary(self) -> str:
        n = self.result.count
        text = f"{n:,} item{'' if n == 1 else 's'} in the result"
        if self.spec.into_id is not None:
            text += f", {self.result.added_count:,} new to the target"
        return text


class CombineIntoNew:
    """The server made the collection with `items`; undo deletes it, redo remakes it."""

    def __init__(self, service: CollectionsService, ref: CollectionRef, name: str, description: str, items) -> None:
        self.service, self.ref, self.name, self.description = service, ref, name, description
        self.items = tuple(items)
        self.text = f"Combine collections into “{name}”"
        self._first = True

    def do(self) -> Sent:
        if self._first:  # the server did it already
            self._first = False
            return Sent.all([])
        return self.service.enqueue_create(self.ref, self.name, self.description, self.items)

    def undo(self) -> Sent:
        return self.service.enqueue_delete(self.ref)


class CombineIntoExisting:
    """The server added `ids` (the ones new to the target); undo removes exactly those."""

    def __init__(self, service: CollectionsService, ref: CollectionRef, ids: Sequence[int], target_name: str) -> None:
        self.service, self.ref, self.ids = service, ref, tuple(ids)
        n = len(self.ids)
        self.text = f"Combine collections: add {n:,} item{'' if n == 1 else 's'} to “{target_name}”"
        self._first = True

    def do(self) -> Sent:
        if self._first:
            self._first = False
            return Sent.all([])
        return self.service.enqueue_items(ADD_ITEMS, self.ref, self.ids)

    def undo(self) -> Sent:
        return self.service.enqueue_items(REMOVE_ITEMS, self.ref, self.ids)


class CollectionCombiner:
    def __init__(self, api: ApiClient, service: CollectionsService, project_type: str = "images") -> None:
        self.api, self.service, self.project_type = api, service, project_type

    async def preview(self, spec: CombineSpec, sample: int = SAMPLE) -> CombinePreview:
        spec = spec.checked()
        result = await self._combine(spec, dry_run=True, sample=sample)
        records: tuple[Image, ...] = ()
        if result.sample:
            listed = await self.api.items(self.project_type).list(
                project_id=self.service.project_id, filter=[cond("id", "in", list(result.sample))]
            )
            by_id = {item.id: item for item in listed}
            records = tuple(by_id[i] for i in result.sample if i in by_id)
        return CombinePreview(spec, result, records)

    async def write(self, spec: CombineSpec) -> CombineIntoNew | CombineIntoExisting | None:
        """Combines on the server now and answers the undo step (None: nothing to add)."""
        spec = spec.checked()
        outbox = self.service.outbox
        waiting = len(outbox.pending())
        if waiting and outbox.held_up() is not None:
            raise ValueError(
                f"{waiting} earlier edit{' is' if waiting == 1 else 's are'} waiting for the server, which cannot "
                "be reached now; combining needs the server, so nothing was combined"
            )
        if waiting:
            await outbox.wait_idle()  # they are on their way: the combine must see them
        result = await self._combine(spec, dry_run=False, sample=0)
        added = result.added or ()
        if spec.into_id is None:
            assert result.collection_id is not None and spec.into_name is not None
            ref = self.service.ref(result.collection_id)
            return CombineIntoNew(self.service, ref, spec.into_name, spec.into_description, added)
        if not added:
            return None
        target = next((c for c in self.service.known_collections if c.id == spec.into_id), None)
        name = target.name if target is not None else "the collection"
        return CombineIntoExisting(self.service, self.service.ref(spec.into_id), added, name)

    async def _combine(self, spec: CombineSpec, *, dry_run: bool, sample: int) -> Combined:
        return await self.api.collections.combine(
            self.service.project_id,
            spec.operation,
            spec.source_ids,
            into_name=spec.into_name,
            into_description=spec.into_description if spec.into_id is None else None,
            into_id=spec.into_id,
            dry_run=dry_run,
            sample=sample,
        )

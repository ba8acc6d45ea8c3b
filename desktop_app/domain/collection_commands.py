"""Undoable collection edits as plain do/undo pairs; the Qt layer wraps them in
QUndoCommands. Each pair moves exactly what it changed:

| command              | do                                 | undo                                    |
|----------------------|------------------------------------|-----------------------------------------|
| CreateCollection     | create (direct)                    | delete                                  |
| AddItems             | add the items that were new        | remove those same items                 |
| RemoveItems          | remove the items that were in      | add those same items                    |
| Rename / Describe    | set the new value                  | set the old value back                  |
| DeleteCollection     | delete                             | recreate (direct) with its items        |
| DuplicateCollection  | create (direct) + add the items    | delete the copy                         |

Commands name their collection through a shared `CollectionRef`: when an
undo recreates a deleted collection under a new id, every other command on
the stack follows it. Redo after undo is `do()` again."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .collection_backend import ADD_ITEMS, REMOVE_ITEMS

if TYPE_CHECKING:
    from .collections import CollectionsService


@dataclass
class CollectionRef:
    id: int | None


class _Command:
    text = ""

    def __init__(self, service: "CollectionsService") -> None:
        self.service = service

    def _id(self, ref: CollectionRef) -> int:
        if ref.id is None:
            raise RuntimeError("the collection does not exist (its create was undone)")
        return ref.id


class CreateCollection(_Command):
    def __init__(self, service: "CollectionsService", name: str, description: str) -> None:
        super().__init__(service)
        self.name, self.description = name, description
        self.ref = CollectionRef(None)
        self.text = f"Create collection {name!r}"

    async def do(self) -> None:
        created = await self.service.create_now(self.name, self.description)
        self.service.rebind(self.ref, created.id)

    async def undo(self) -> None:
        self.service.enqueue_delete(self._id(self.ref))


class AddItems(_Command):
    def __init__(self, service: "CollectionsService", ref: CollectionRef, ids: Sequence[int]) -> None:
        super().__init__(service)
        self.ref, self.ids = ref, tuple(ids)
        self.text = f"Add {len(self.ids)} items to collection"

    async def do(self) -> None:
        self.service.enqueue_items(ADD_ITEMS, self._id(self.ref), self.ids)

    async def undo(self) -> None:
        self.service.enqueue_items(REMOVE_ITEMS, self._id(self.ref), self.ids)


class RemoveItems(AddItems):
    def __init__(self, service: "CollectionsService", ref: CollectionRef, ids: Sequence[int]) -> None:
        super().__init__(service, ref, ids)
        self.text = f"Remove {len(self.ids)} items from collection"

    async def do(self) -> None:
        await super().undo()

    async def undo(self) -> None:
        await super().do()


class Rename(_Command):
    def __init__(self, service: "CollectionsService", ref: CollectionRef, old: str, new: str) -> None:
        super().__init__(service)
        self.ref, self.old, self.new = ref, old, new
        self.text = f"Rename collection {old!r} to {new!r}"

    async def do(self) -> None:
        self.service.enqueue_rename(self._id(self.ref), self.new)

    async def undo(self) -> None:
        self.service.enqueue_rename(self._id(self.ref), self.old)


class Describe(_Command):
    def __init__(self, service: "CollectionsService", ref: CollectionRef, old: str, new: str) -> None:
        super().__init__(service)
        self.ref, self.old, self.new = ref, old, new
        self.text = "Edit collection description"

    async def do(self) -> None:
        self.service.enqueue_describe(self._id(self.ref), self.new)

    async def undo(self) -> None:
        self.service.enqueue_describe(self._id(self.ref), self.old)


class DeleteCollection(_Command):
    def __init__(self, service: "CollectionsService", ref: CollectionRef, name: str, description: str,
                 items: Sequence[int]) -> None:
        super().__init__(service)
        self.ref, self.name, self.description, self.items = ref, name, description, tuple(items)
        self.text = f"Delete collection {name!r}"

    async def do(self) -> None:
        self.service.enqueue_delete(self._id(self.ref))

    async def undo(self) -> None:
        created = await self.service.create_now(self.name, self.description)
        self.service.rebind(self.ref, created.id)
        self.service.enqueue_items(ADD_ITEMS, created.id, self.items)


class DuplicateCollection(_Command):
    def __init__(self, service: "CollectionsService", source: CollectionRef, name: str, description: str) -> None:
        super().__init__(service)
        self.source, self.name, self.description = source, name, description
        self.ref = CollectionRef(None)
        self.text = f"Duplicate collection as {name!r}"

    async def do(self) -> None:
        items = await self.service.current_items(self._id(self.source))
        created = await self.service.create_now(self.name, self.description)
        self.service.rebind(self.ref, created.id)
        self.service.enqueue_items(ADD_ITEMS, created.id, items)

    async def undo(self) -> None:
        self.service.enqueue_delete(self._id(self.ref))

"""Undoable collection edits as plain do/undo pairs; the Qt layer wraps them in
QUndoCommands. `do()` and `undo()` only queue operations in the outbox (so
they are synchronous) and return the outbox's `Sent` handle: `await` it to
know that the server accepted the step. Each pair moves exactly what it changed:

| command              | do                                 | undo                                    |
|----------------------|------------------------------------|-----------------------------------------|
| CreateCollection     | create                             | delete                                  |
| AddItems             | add the items that were new        | remove those same items                 |
| RemoveItems          | remove the items that were in      | add those same items                    |
| Rename / Describe    | set the new value                  | set the old value back                  |
| DeleteCollection     | delete                             | recreate with its items                 |
| DuplicateCollection  | create + add the items             | delete the copy                         |

Commands name their collection through a shared `CollectionRef`: when a
create (or an undo recreating a deleted collection) gets a new id, every
other command on the stack follows it; edits queued before the id is known
carry the outbox's placeholder for it. Redo after undo is `do()` again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .collection_backend import ADD_ITEMS, REMOVE_ITEMS
from .outbox import Sent, result_of

if TYPE_CHECKING:
    from .collections import CollectionsService


class CollectionRef:
    """A collection's id, or the create that will give it one."""

    def __init__(self, collection_id: int | None, creating: Sent | None = None) -> None:
        self.id, self.creating = collection_id, creating

    def wire(self) -> Any:
        """What a queued edit names the collection by."""
        if self.id is not None:
            return self.id
        if self.creating is None:
            raise RuntimeError("the collection does not exist (its create was undone)")
        return result_of(self.creating)


class CreateCollection:
    def __init__(self, service: CollectionsService, name: str, description: str, items: Sequence[int] = ()) -> None:
        self.service, self.name, self.description, self.items = service, name, description, tuple(items)
        self.ref = CollectionRef(None)

    def do(self) -> Sent:
        return self.service.enqueue_create(self.ref, self.name, self.description, self.items)

    def undo(self) -> Sent:
        return self.service.enqueue_delete(self.ref)


class AddItems:
    def __init__(self, service: CollectionsService, ref: CollectionRef, ids: Sequence[int]) -> None:
        self.service, self.ref, self.ids = service, ref, tuple(ids)

    def do(self) -> Sent:
        return self.service.enqueue_items(ADD_ITEMS, self.ref, self.ids)

    def undo(self) -> Sent:
        return self.service.enqueue_items(REMOVE_ITEMS, self.ref, self.ids)


class RemoveItems(AddItems):
    def do(self) -> Sent:
        return super().undo()

    def undo(self) -> Sent:
        return super().do()


class Rename:
    def __init__(self, service: CollectionsService, ref: CollectionRef, old: str, new: str) -> None:
        self.service, self.ref, self.old, self.new = service, ref, old, new

    def do(self) -> Sent:
        return self.service.enqueue_rename(self.ref, self.new)

    def undo(self) -> Sent:
        return self.service.enqueue_rename(self.ref, self.old)


class Describe:
    def __init__(self, service: CollectionsService, ref: CollectionRef, old: str, new: str) -> None:
        self.service, self.ref, self.old, self.new = service, ref, old, new

    def do(self) -> Sent:
        return self.service.enqueue_describe(self.ref, self.new)

    def undo(self) -> Sent:
        return self.service.enqueue_describe(self.ref, self.old)


class DeleteCollection:
    """`items` are taken when the command is made, so that undo can put them back."""

    def __init__(
        self, service: CollectionsService, ref: CollectionRef, name: str, description: str, items: Sequence[int]
    ) -> None:
        self.service, self.ref, self.name, self.description, self.items = service, ref, name, description, tuple(items)

    def do(self) -> Sent:
        return self.service.enqueue_delete(self.ref)

    def undo(self) -> Sent:
        return self.service.enqueue_create(self.ref, self.name, self.description, self.items)


class DuplicateCollection(CreateCollection):
    """A create with the source's items as they were when the command was made."""

    def __init__(
        self, service: CollectionsService, source: CollectionRef, name: str, description: str, items: Sequence[int]
    ) -> None:
        super().__init__(service, name, description, items)
        self.source = source

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
carry the outbox's placeholder for it. Redo after undo is `do()` again.

Offline (an unchecked preview, or items not known), the sender settles what
changed when it sends, and the undo step takes back what it reported: an
unchecked add undone removes only the items the server said were new; a
delete whose items were not known recreates with the items the sender read
just before deleting; such a duplicate copies the source's items when sent."""

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
    def __init__(
        self,
        service: CollectionsService,
        name: str,
        description: str,
        items: Sequence[int] = (),
        options: dict[str, Any] | None = None,
    ) -> None:
        self.service, self.name, self.description, self.items = service, name, description, tuple(items)
        self.options = options
        self.ref = CollectionRef(None)

    def do(self) -> Sent:
        return self.service.enqueue_create(self.ref, self.name, self.description, self.items, self.options)

    def undo(self) -> Sent:
        return self.service.enqueue_delete(self.ref)


class AddItems:
    """`checked` False: the ids were not checked against the server (offline); they are
    sent with `check` and undo takes back only what the server reported changed."""

    kind, inverse = ADD_ITEMS, REMOVE_ITEMS

    def __init__(
        self, service: CollectionsService, ref: CollectionRef, ids: Sequence[int], *, checked: bool = True
    ) -> None:
        self.service, self.ref, self.ids, self.checked = service, ref, tuple(ids), checked
        self._sent: list[Sent] = []  # the unchecked edits of the last do()

    def do(self) -> Sent:
        if self.checked:
            return self.service.enqueue_items(self.kind, self.ref, self.ids)
        self._sent = self.service.enqueue_chunks(self.kind, self.ref, self.ids, check=True)
        return Sent.all(self._sent)

    def undo(self) -> Sent:
        if self.checked:
            return self.service.enqueue_items(self.inverse, self.ref, self.ids)
        return self.service.enqueue_reported(self.inverse, self.ref, self._sent)


class RemoveItems(AddItems):
    kind, inverse = REMOVE_ITEMS, ADD_ITEMS


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
    """`items` are taken when the command is made, so that undo can put them back
    (None, offline: not known; the sender reports them when it deletes)."""

    def __init__(
        self, service: CollectionsService, ref: CollectionRef, name: str, description: str, items: Sequence[int] | None
    ) -> None:
        self.service, self.ref, self.name, self.description = service, ref, name, description
        self.items = None if items is None else tuple(items)
        self._deleted: Sent | None = None

    def do(self) -> Sent:
        self._deleted = self.service.enqueue_delete(self.ref, report_items=self.items is None)
        return self._deleted

    def undo(self) -> Sent:
        items = self.items if self.items is not None else self._deleted
        assert items is not None  # undo follows do
        return self.service.enqueue_create(self.ref, self.name, self.description, items)


class DuplicateCollection(CreateCollection):
    """A create with the source's items as they were when the command was made
    (None, offline: not known; the copy takes the source's items when it is sent)."""

    def __init__(
        self,
        service: CollectionsService,
        source: CollectionRef,
        name: str,
        description: str,
        items: Sequence[int] | None,
    ) -> None:
        super().__init__(service, name, description, items or ())
        self.source = source
        self.copy_when_sent = items is None

    def do(self) -> Sent:
        if not self.copy_when_sent:
            return super().do()
        return self.service.enqueue_create(self.ref, self.name, self.description, self.source)

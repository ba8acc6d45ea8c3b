"""Move accepted items (docs/product.md Q3): the items accepted in a labeling queue
leave the queue's source collection and join another collection, existing or
new, in one undoable action.

`plan_move_accepted()` reads everything first and writes nothing: the
accepted ids (labeling-queues.stats.entities, entityStatus ["accepted"], all
pages), and which of them are in the source and already in the target
(server items plus edits still waiting in the outbox, as every collection
preview). `MoveAccepted` then does exactly that difference with the
collection commands of collection_commands.py, so it goes through the outbox
like every collection edit, and its undo takes back only what it changed:

| step                         | do                              | undo                          |
|------------------------------|---------------------------------|-------------------------------|
| new target only              | create the collection           | delete it                     |
| target                       | add the accepted ids not in it  | remove those same ids         |
| source (queue's collection)  | remove the accepted ids in it   | add those same ids back       |

Accepted items stay accepted in the queue when they leave its collection:
work on them has started, and the queue keeps started items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.api.records import LabelingQueue

from .collection_commands import AddItems, CreateCollection, RemoveItems
from .collections import CollectionsService, clean_name
from .outbox import Sent

PER_PAGE = 500  # accepted ids per labeling-queues.stats.entities request


@dataclass(frozen=True)
class MovePlan:
    queue_id: int
    queue_name: str
    source_collection_id: int | None  # None: the queue's source is a dataset
    target_collection_id: int | None  # None: a new collection named `new_name`
    target_name: str
    accepted: tuple[int, ...]
    to_add: tuple[int, ...]  # accepted and not yet in the target
    already_in_target: tuple[int, ...]
    to_remove: tuple[int, ...]  # accepted and still in the source collection

    @property
    def creates_target(self) -> bool:
        return self.target_collection_id is None

    @property
    def changes_anything(self) -> bool:
        return bool(self.creates_target or self.to_add or self.to_remove)

    def summary(self) -> str:
        if not self.accepted:
            return f"No item of queue {self.queue_name!r} is accepted yet."
        where = f"the new collection {self.target_name!r}" if self.creates_target else repr(self.target_name)
        text = f"{len(self.accepted)} accepted: {len(self.to_add)} to add to {where}"
        if self.already_in_target:
            text += f" ({len(self.already_in_target)} already in)"
        if self.source_collection_id is not None:
            text += f", {len(self.to_remove)} to leave the source collection"
        return text + "."


async def plan_move_accepted(
    api: Any,
    queue_or_id: LabelingQueue | int,
    target_collection_id: int | None,
    project_id: int,
    *,
    service: CollectionsService,
    new_name: str | None = None,
) -> MovePlan:
    """The preview of moving the queue's accepted items into the collection
    `target_collection_id`, or into a new one named `new_name` when that is None."""
    queue: LabelingQueue = (
        queue_or_id if isinstance(queue_or_id, LabelingQueue) else await api.queues.info(int(queue_or_id))
    )
    if service.project_id != project_id:
        raise ValueError("the collections service is for another project")
    if queue.project_id is not None and queue.project_id != project_id:
        raise ValueError(f"queue {queue.name!r} belongs to another project")
    source = queue.collection_id
    if target_collection_id is None:
        if new_name is None:
            raise ValueError("choose a target collection or name a new one")
        target_name = clean_name(new_name)
        await service.create(target_name)  # checks that the name is free; creates nothing
    else:
        if new_name is not None:
            raise ValueError("choose either an existing target collection or a new name, not both")
        if target_collection_id == source:
            raise ValueError("the target is the queue's own source collection; choose another one")
        target = next((c for c in await service.list() if c.id == target_collection_id), None)
        if target is None:
            raise ValueError("the target collection is not in this project (it may have been deleted)")
        target_name = target.name

    entities = await api.queues.entities(queue.id, states=["accepted"], per_page=PER_PAGE)
    accepted = tuple(dict.fromkeys(e.id for e in entities))
    in_target: set[int] = set(await service.current_items(target_collection_id)) if target_collection_id else set()
    in_source: set[int] = set(await service.current_items(source)) if source is not None else set()
    return MovePlan(
        queue_id=queue.id,
        queue_name=queue.name,
        source_collection_id=source,
        target_collection_id=target_collection_id,
        target_name=target_name,
        accepted=accepted,
        to_add=tuple(i for i in accepted if i not in in_target),
        already_in_target=tuple(i for i in accepted if i in in_target),
        to_remove=tuple(i for i in accepted if i in in_source),
    )


class MoveAccepted:
    """The undoable move of a plan; `cmd.do()`, later `cmd.undo()`, redo is
    `do()` again (shaped like collection_commands.py)."""

    def __init__(self, service: CollectionsService, plan: MovePlan) -> None:
        self.service, self.plan = service, plan
        self.steps: list[Any] = []
        if plan.target_collection_id is None:  # creates the target
            create = CreateCollection(service, plan.target_name, "")
            self.steps.append(create)
            self.target = create.ref
        else:
            self.target = service.ref(plan.target_collection_id)
        self.steps.append(AddItems(service, self.target, plan.to_add))
        if plan.source_collection_id is not None:
            self.steps.append(RemoveItems(service, service.ref(plan.source_collection_id), plan.to_remove))
        self.text = f"Move {len(plan.accepted)} accepted items to {plan.target_name!r}"

    def do(self) -> Sent:
        return Sent.all(step.do() for step in self.steps)

    def undo(self) -> Sent:
        return Sent.all(step.undo() for step in reversed(self.steps))

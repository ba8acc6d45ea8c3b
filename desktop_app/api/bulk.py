"""Adding or removing many items of a collection: chunked, with progress, cancellable.

The ids (duplicates dropped, order kept) go in chunks of `chunk_size`, one
request after another; each chunk is atomic on the server. Cancelling the
task lets the chunk in flight land, records it, then stops: the chunks
finished stay, no chunk is half applied, and the job's fields say exactly
what was done. An error stops the job the same way (and is raised).
When a server refuses a whole add request because of some unusable ids
(unknown, of another project), the usable rest of that chunk is sent again,
so that `changed` gets every usable id and `missing` the others.
`run()` again resumes after the last finished chunk.

    job = ItemsBulk(api.collections, collection_id, ids, on_progress=print)
    await job.run()          # job.changed, job.missing, job.done, job.total
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from .collections import CollectionsApi
from .records import ItemsChange

CHUNK_SIZE = 500
ProgressCallback = Callable[[int, int], Any]  # (done, total) ids


class CollectionItems(Protocol):
    """What a job needs: CollectionsApi, or the domain's collections backend."""

    async def add_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange: ...

    async def remove_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange: ...


class ItemsBulk:
    def __init__(
        self,
        collections: CollectionItems,
        collection_id: int,
        entity_ids: Sequence[int],
        *,
        remove: bool = False,
        chunk_size: int = CHUNK_SIZE,
        on_progress: ProgressCallback | None = None,
        scores: Mapping[int, float] | None = None,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self._collections = collections
        self.collection_id = collection_id
        self.ids = list(dict.fromkeys(entity_ids))
        self.remove = remove
        self.chunk_size = chunk_size
        self.on_progress = on_progress
        self.scores = scores
        self.done = 0  # ids in chunks the server has answered
        self.changed: list[int] = []  # ids the server reports added (or removed)
        self.missing: list[int] = []  # ids the server could not use (unknown, other project...)

    @property
    def total(self) -> int:
        return len(self.ids)

    async def run(self) -> ItemsBulk:
        for start in range(self.done, self.total, self.chunk_size):
            chunk = self.ids[start : start + self.chunk_size]
            change, cancelled = await _land(self._send(chunk))
            self._record(chunk, change)
            if cancelled:
                raise asyncio.CancelledError
        return self

    async def _send(self, chunk: list[int]) -> ItemsChange:
        if self.remove:
            return await self._collections.remove_items(self.collection_id, chunk)
        change = await self._add(chunk)
        # A server may refuse a whole request for one unusable id (the bundled
        # one does): send the usable rest once more so that it gets added.
        missing = set(change.missing)
        rest = [i for i in chunk if i not in missing and i not in set(change.entity_ids)]
        if missing and rest:
            again = await self._add(rest)
            change = ItemsChange(change.items + again.items, change.missing + again.missing)
        return change

    async def _add(self, ids: list[int]) -> ItemsChange:
        if self.scores is None:
            return await self._collections.add_items(self.collection_id, ids)
        scores = {i: self.scores[i] for i in ids if i in self.scores}
        add_with_scores: Any = self._collections.add_items  # CollectionsApi's takes scores
        return await add_with_scores(self.collection_id, ids, scores=scores)

    def _record(self, chunk: list[int], change: ItemsChange) -> None:
        self.done += len(chunk)
        self.changed.extend(change.entity_ids)
        self.missing.extend(change.missing)
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)


async def _land(coro) -> tuple[ItemsChange, bool]:
    """Await a chunk; if we are cancelled meanwhile, still wait for its answer
    (a second cancel stops waiting) and report that a cancel came."""
    task = asyncio.ensure_future(coro)
    try:
        return await asyncio.shield(task), False
    except asyncio.CancelledError:
        if task.cancelled():
            raise
        try:
            return await task, True
        except asyncio.CancelledError:
            task.cancel()
            raise
        except Exception as exc:  # the chunk failed; the cancel still wins
            raise asyncio.CancelledError from exc


async def add_items(
    collections: CollectionsApi, collection_id: int, entity_ids: Sequence[int], **options: Any
) -> ItemsBulk:
    return await ItemsBulk(collections, collection_id, entity_ids, **options).run()


async def remove_items(
    collections: CollectionsApi, collection_id: int, entity_ids: Sequence[int], **options: Any
) -> ItemsBulk:
    return await ItemsBulk(collections, collection_id, entity_ids, remove=True, **options).run()

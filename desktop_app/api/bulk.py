"""Adding or removing many items of a collection: chunked, with progress, cancellable.

The ids (duplicates dropped, order kept) go in chunks of `chunk_size`, up to
`in_flight` requests at a time (the server takes its turns per collection; a
few in flight keep it busy while the answers travel and are read); each chunk
is atomic on the server. Answers are recorded in chunk order, so progress and
`changed` read as if sent one after another. Cancelling the task lets the
chunks in flight land, records them, then stops: the chunks finished stay, no
chunk is half applied, and the job's fields say exactly what was done. An
error stops the job the same way (and is raised).
When a server refuses a whole add request because of some unusable ids
(unknown, of another project), the usable rest of that chunk is sent again,
so that `changed` gets every usable id and `missing` the others.
`run()` again sends only the chunks not finished yet.

    job = ItemsBulk(api.collections, collection_id, ids, on_progress=print)
    await job.run()          # job.changed, job.missing, job.done, job.total
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from .collections import CollectionsApi
from .records import ItemsChange

# 5,000 ids (~40 KB of JSON) fit any server's request limits (older bundled
# servers removed at most 10,000 ids a request); 500 made 200 round trips of 100,000.
CHUNK_SIZE = 5_000
IN_FLIGHT = 3
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
        in_flight: int = IN_FLIGHT,
        on_progress: ProgressCallback | None = None,
        scores: Mapping[int, float] | None = None,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        if in_flight < 1:
            raise ValueError("in_flight must be at least 1")
        self._collections = collections
        self.collection_id = collection_id
        self.ids = list(dict.fromkeys(entity_ids))
        self.remove = remove
        self.chunk_size = chunk_size
        self.in_flight = in_flight
        self.on_progress = on_progress
        self.scores = scores
        self.done = 0  # ids in chunks the server has answered
        self.changed: list[int] = []  # ids the server reports added (or removed)
        self.missing: list[int] = []  # ids the server could not use (unknown, other project...)
        self._finished: set[int] = set()  # start offsets of the chunks recorded

    @property
    def total(self) -> int:
        return len(self.ids)

    async def run(self) -> ItemsBulk:
        starts = [s for s in range(0, self.total, self.chunk_size) if s not in self._finished]
        waiting = iter(starts)
        flying: dict[asyncio.Future[ItemsChange], int] = {}
        landed: dict[int, ItemsChange] = {}  # answers not recorded yet (an earlier chunk is still out)
        failure: BaseException | None = None
        cancelled = False
        while True:
            if failure is None and not cancelled:
                for start in itertools.islice(waiting, self.in_flight - len(flying)):
                    flying[asyncio.ensure_future(self._send(self._chunk(start)))] = start
            if not flying:
                break
            try:
                finished, _ = await asyncio.wait(flying, return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                if cancelled:  # a second cancel stops waiting for the chunks in flight
                    for future in flying:
                        future.cancel()
                    self._record_landed(landed, starts)
                    raise
                cancelled = True  # send nothing more; let the chunks in flight land
                continue
            for future in finished:
                start = flying.pop(future)
                if future.cancelled():
                    failure = failure or asyncio.CancelledError()
                elif future.exception() is not None:
                    failure = failure or future.exception()
                else:
                    landed[start] = future.result()
            self._record_in_order(landed, starts)
        self._record_landed(landed, starts)  # after a stop: chunks that landed behind a failed one
        if cancelled:
            raise asyncio.CancelledError  # a chunk's failure loses to the cancel
        if failure is not None:
            raise failure
        return self

    def _chunk(self, start: int) -> list[int]:
        return self.ids[start : start + self.chunk_size]

    def _record_in_order(self, landed: dict[int, ItemsChange], starts: list[int]) -> None:
        """Record the landed chunks that no unanswered chunk precedes."""
        for start in starts:
            if start in self._finished:
                continue
            if start not in landed:
                return
            self._record(start, landed.pop(start))

    def _record_landed(self, landed: dict[int, ItemsChange], starts: list[int]) -> None:
        for start in starts:
            if start in landed:
                self._record(start, landed.pop(start))

    async def _send(self, chunk: list[int]) -> ItemsChange:
        if self.remove:
            return await self._collections.remove_items(self.collection_id, chunk)
        change = await self._add(chunk)
        # A server may refuse a whole request for one unusable id (the bundled
        # one does): send the usable rest once more so that it gets added.
        if not change.missing:
            return change
        answered = set(change.missing) | set(change.entity_ids)  # once: not once per id
        rest = [i for i in chunk if i not in answered]
        if rest:
            again = await self._add(rest)
            change = ItemsChange(change.rows + again.rows, change.missing + again.missing)
        return change

    async def _add(self, ids: list[int]) -> ItemsChange:
        if self.scores is None:
            return await self._collections.add_items(self.collection_id, ids)
        scores = {i: self.scores[i] for i in ids if i in self.scores}
        add_with_scores: Any = self._collections.add_items  # CollectionsApi's takes scores
        return await add_with_scores(self.collection_id, ids, scores=scores)

    def _record(self, start: int, change: ItemsChange) -> None:
        self._finished.add(start)
        self.done += len(self._chunk(start))
        self.changed.extend(change.entity_ids)
        self.missing.extend(change.missing)
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)


async def add_items(
    collections: CollectionsApi, collection_id: int, entity_ids: Sequence[int], **options: Any
) -> ItemsBulk:
    return await ItemsBulk(collections, collection_id, entity_ids, **options).run()


async def remove_items(
    collections: CollectionsApi, collection_id: int, entity_ids: Sequence[int], **options: Any
) -> ItemsBulk:
    return await ItemsBulk(collections, collection_id, entity_ids, remove=True, **options).run()

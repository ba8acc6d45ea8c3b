"""Deleting items from their datasets (`images.bulk.remove`): first a
read-only look at what would go (which datasets, how many collections and
labeling queues hold the items), then the delete itself, chunk by chunk.

Deleting cannot be undone and is never queued in the outbox: it happens while
the user watches, or not at all. So `ItemDeletion.deleted` is exactly what the
server confirmed; a chunk in flight when the work is cancelled is waited for,
so that the app never guesses which items are gone."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from desktop_app.api.client import ApiClient
from desktop_app.api.images import REMOVE_BATCH_SIZE
from desktop_app.api.query import cond
from desktop_app.api.records import Collection, LabelingQueue

from ..outbox import is_transient
from ..plain_errors import plain_error

Progress = Callable[[int, int], None]
LOOKUP_CHUNK = 1000  # ids per `id in [...]` filter of the read-only look (the server takes up to 10,000)
UNREACHABLE = "the server could not be reached"


@dataclass(frozen=True)
class DeletionPlan:
    """What a delete would take, read before anything is written."""

    ids: tuple[int, ...]  # the items asked for that still exist (what is deleted)
    asked: int  # how many items the selection had
    datasets: tuple[tuple[str, int], ...] | None  # (dataset name, items) by name; None: unknown
    collections: int | None  # collections holding any of the items; None: unknown
    queues: int | None  # labeling queues holding any of the items; None: unknown
    unknown_reason: str = ""  # why a number is unknown (e.g. UNREACHABLE)

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def gone(self) -> int:
        """Items of the selection already deleted (by someone else, or in another window)."""
        return self.asked - len(self.ids) if self.datasets is not None else 0


class DeletionService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def plan(
        self,
        project_id: int,
        ids: Sequence[int],
        dataset_names: Mapping[int, str],
        collections: Sequence[Collection],
        queues: Sequence[LabelingQueue],
        progress: Progress | None = None,
    ) -> DeletionPlan:
        """Read-only: where the items are. A part the server cannot answer is None
        (with the reason), so the dialog can say "unknown" rather than guess."""
        wanted = list(dict.fromkeys(ids))
        chunks = [wanted[i : i + LOOKUP_CHUNK] for i in range(0, len(wanted), LOOKUP_CHUNK)]
        steps = len(chunks) * (1 + len(collections) + len(queues))
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, steps)

        reasons: list[str] = []

        async def part(read):
            try:
                return await read()
            except Exception as exc:  # said in the dialog; the delete itself reports again
                reasons.append(UNREACHABLE if is_transient(exc) else plain_error(exc))
                return None

        async def where() -> tuple[list[int], Counter[int | None]]:
            found: list[int] = []
            by_dataset: Counter[int | None] = Counter()
            for chunk in chunks:
                for image in await self._api.images.list(project_id=project_id, filter=[cond("id", "in", chunk)]):
                    found.append(image.id)
                    by_dataset[image.dataset_id] += 1
                step()
            return found, by_dataset

        async def holding_collections() -> int:
            held = 0
            for c in collections:
                n = 0
                for chunk in chunks:
                    page = await self._api.images.page(
                        1, 1, project_id=project_id, collection_id=c.id, filter=[cond("id", "in", chunk)]
                    )
                    n += page.total
                    step()
                held += n > 0
            return held

        async def holding_queues() -> int:
            held = 0
            for q in queues:
                n = 0
                for chunk in chunks:
                    n += await self._api.queues.entities_count(q.id, filter=[cond("id", "in", chunk)])
                    step()
                held += n > 0
            return held

        located, n_collections, n_queues = await asyncio.gather(
            part(where), part(holding_collections), part(holding_queues)
        )
        if located is None:
            existing, datasets = tuple(wanted), None
        else:
            found, by_dataset = located
            present = set(found)
            existing = tuple(i for i in wanted if i in present)
            named = Counter[str]()
            for dataset_id, n in by_dataset.items():
                name = dataset_names.get(dataset_id) if dataset_id is not None else None
                named[name or f"dataset {dataset_id}"] += n
            datasets = tuple(sorted(named.items(), key=lambda kv: (-kv[1], kv[0].lower())))
        reason = UNREACHABLE if UNREACHABLE in reasons else (reasons[0] if reasons else "")
        return DeletionPlan(existing, len(wanted), datasets, n_collections, n_queues, reason)

    def deletion(self, ids: Sequence[int], *, batch_size: int = REMOVE_BATCH_SIZE) -> ItemDeletion:
        return ItemDeletion(self._api, ids, batch_size)


class ItemDeletion:
    """One delete, chunk by chunk; `deleted` grows as the server confirms each chunk."""

    def __init__(self, api: ApiClient, ids: Sequence[int], batch_size: int = REMOVE_BATCH_SIZE) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._api = api
        self.ids = tuple(dict.fromkeys(ids))
        self.batch_size = batch_size
        self.deleted: list[int] = []

    @property
    def total(self) -> int:
        return len(self.ids)

    async def run(self, progress: Progress | None = None) -> None:
        """Raises what the server (or the network) said; `deleted` holds what went before."""
        for start in range(0, len(self.ids), self.batch_size):
            chunk = list(self.ids[start : start + self.batch_size])
            call = asyncio.ensure_future(self._api.images.remove(chunk, batch_size=len(chunk)))
            try:
                await asyncio.shield(call)
            except asyncio.CancelledError:
                # Cancel stops between chunks: the one on the wire is waited for, so that
                # `deleted` says for certain which items are gone.
                with contextlib.suppress(Exception):
                    await call
                    self.deleted.extend(chunk)
                raise
            self.deleted.extend(chunk)
            if progress is not None:
                progress(len(self.deleted), self.total)

"""Reading the selected rows of the lazy item model: as spans (cheap at any
size: one select-all is one range, not a million indexes), and as item ids,
fetching the pages not loaded yet through the list's source."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel

from desktop_app.qt.item_model import ItemTableModel

Progress = Callable[[int, int], None]
FETCH_PER_PAGE = 5_000  # rows per request when reading rows not loaded yet
FETCH_CONCURRENCY = 4


class ListChanged(Exception):
    """The list was reloaded while the selection was being read."""

    def __str__(self) -> str:
        return "The list changed while the selection was being read; please try again."


def selected_spans(selection_model: QItemSelectionModel) -> list[tuple[int, int]]:
    """Selected rows as sorted, disjoint (first, last) spans."""
    # QItemSelection is a list of ranges and iterable at runtime; the stubs lack __iter__
    selection = selection_model.selection()
    spans = sorted((r.top(), r.bottom()) for r in selection)  # type: ignore[attr-defined]
    merged: list[tuple[int, int]] = []
    for top, bottom in spans:
        if merged and top <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


async def ids_of_rows(
    model: ItemTableModel, source: Any, spans: list[tuple[int, int]], per_page: int, progress: Progress | None = None
) -> list[int]:
    """Ids of the rows in `spans`, in row order. Rows not loaded are read through `source`
    in large pages (whole model pages), a few at a time, without going into the model;
    raises ListChanged when the model reloads meanwhile."""
    generation, sort = model.generation, model.current_sort
    size = per_page * max(1, FETCH_PER_PAGE // per_page)
    missing = (
        sorted(
            {row // size + 1 for top, bottom in spans for row in range(top, bottom + 1) if model.item_at(row) is None}
        )
        if source is not None
        else []
    )
    fetched: dict[int, list[Any]] = {}
    limit = asyncio.Semaphore(FETCH_CONCURRENCY)

    async def fetch(page: int) -> None:
        async with limit:
            fetched[page] = list((await source.fetch(page, size, sort)).items)
        if progress is not None:
            progress(len(fetched), len(missing))

    await asyncio.gather(*(fetch(page) for page in missing))
    if generation != model.generation:
        raise ListChanged()
    ids = []
    for top, bottom in spans:
        for row in range(top, bottom + 1):
            item = model.item_at(row)
            if item is None:
                page = fetched.get(row // size + 1, [])
                offset = row % size
                item = page[offset] if offset < len(page) else None
            if item is not None:
                ids.append(item.id)
    return ids


def loaded_ids_of(model: ItemTableModel, spans: list[tuple[int, int]]) -> list[int] | None:
    """Ids of the rows in `spans`, or None when one of them is not loaded yet."""
    ids = []
    for top, bottom in spans:
        for row in range(top, bottom + 1):
            item = model.item_at(row)
            if item is None:
                return None
            ids.append(item.id)
    return ids

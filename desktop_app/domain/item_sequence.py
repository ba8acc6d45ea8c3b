"""The list the item viewer steps through with next/previous.

The viewer takes any `ItemSequence`: `count()`, `index_of(item_id)` and
`await item_at(index)`; `qt.browse_sequence.BrowseSequence` is the list the
views show, and None stands for a single item.

A list may be read again under a viewer (an edit changed a collection shown):
until it answers it has no rows, which must not read as "the end of the list".
`is_current()` says whether the count can be trusted now, and `await
current()` waits until it can (or gives up after a while); steps wait for it."""

from __future__ import annotations

from typing import Protocol

from desktop_app.api.records import Image


class ItemSequence(Protocol):
    def count(self) -> int: ...

    def index_of(self, item_id: int) -> int | None: ...

    async def item_at(self, index: int) -> Image | None: ...

    def is_current(self) -> bool: ...

    async def current(self) -> None: ...

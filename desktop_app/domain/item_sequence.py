"""The list the item viewer steps through with next/previous.

The viewer takes any `ItemSequence`: `count()`, `index_of(item_id)` and
`await item_at(index)`; `qt.browse_sequence.BrowseSequence` is the list the
views show, and None stands for a single item."""

from __future__ import annotations

from typing import Protocol

from desktop_app.api.records import Image


class ItemSequence(Protocol):
    def count(self) -> int: ...

    def index_of(self, item_id: int) -> int | None: ...

    async def item_at(self, index: int) -> Image | None: ...

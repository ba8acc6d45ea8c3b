"""The list the item viewer steps through with next/previous.

The viewer takes any `ItemSequence`: `count()`, `index_of(item_id)` and
`await item_at(index)`. `ListSequence(images)` is a fixed list (one item, or
tests); `qt.browse_sequence.BrowseSequence` is the list the views show."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from desktop_app.api.records import Image


class ItemSequence(Protocol):
    def count(self) -> int: ...

    def index_of(self, item_id: int) -> int | None: ...

    async def item_at(self, index: int) -> Image | None: ...


class ListSequence:
    def __init__(self, images: Sequence[Image]) -> None:
        self.images = list(images)

    def count(self) -> int:
        return len(self.images)

    def index_of(self, item_id: int) -> int | None:
        return next((i for i, img in enumerate(self.images) if img.id == item_id), None)

    async def item_at(self, index: int) -> Image | None:
        return self.images[index] if 0 <= index < len(self.images) else None

"""The objects view's list as an ItemSequence (domain/item_sequence.py), so the
triage mode can walk it: one step per ITEM, in the order its first object
comes in the list (an image with two false positives is shown once, not twice
in a row). Rows not loaded yet are asked of the same model (its next pages),
so the sequence holds no second copy of the list.

Until every page is loaded the number of items is not known: `count()` is
then an upper bound (the distinct items loaded plus one per row not loaded
yet) and `count_is_exact()` says so; the triage window writes "3 / ≤40".
A video's object opens at its frame (`frame_of`)."""

from __future__ import annotations

import asyncio

from desktop_app.api.records import Image
from desktop_app.qt.objects_model import ObjectsModel

PAGE_WAIT = 15.0  # seconds to wait for the next page before giving up


class ObjectsSequence:
    def __init__(self, model: ObjectsModel) -> None:
        self.model = model
        self._first_rows: list[int] = []  # per item, in walking order: the row of its first object
        self._positions: dict[int, int] = {}  # item id -> its position in the walk
        self._seen = (0, -1)  # (rows read, generation) the two above were built from
        self._chosen: dict[int, int] = {}  # item id -> the row chosen for it (its frame is opened)

    def _items(self) -> list[int]:
        """The first row of each distinct item of the rows loaded so far (read once per new row)."""
        model = self.model
        read, generation = self._seen
        if generation != model.generation:
            self._first_rows, self._positions, self._chosen, read = [], {}, {}, 0
        for row in range(read, len(model.objects)):
            item = model.objects[row].image_id
            if item not in self._positions:
                self._positions[item] = len(self._first_rows)
                self._first_rows.append(row)
        self._seen = (len(model.objects), model.generation)
        return self._first_rows

    def count(self) -> int:
        distinct = len(self._items())
        total = self.model.total
        return distinct if total is None else distinct + max(total - len(self.model.objects), 0)

    def count_is_exact(self) -> bool:
        total = self.model.total
        return total is None or len(self.model.objects) >= total

    def is_current(self) -> bool:
        return True  # its count is the objects' (an upper bound while pages are missing), never a reload's 0

    async def current(self) -> None:
        return None

    def index_of(self, item_id: int) -> int | None:
        self._items()
        return self._positions.get(item_id)

    def position_of_row(self, row: int) -> int:
        """Where the walk is at the object in `row` (the objects view's current one): its item's place."""
        self._items()
        objects = self.model.objects
        if not 0 <= row < len(objects):
            return 0
        item = objects[row].image_id
        self._chosen[item] = row
        return self._positions.get(item, 0)

    def frame_of(self, index: int) -> int | None:
        """The video frame of the object the item at `index` was reached by; None for an image."""
        rows = self._items()
        if not 0 <= index < len(rows):
            return None
        item = self.model.objects[rows[index]].image_id
        return self.model.objects[self._chosen.get(item, rows[index])].frame

    async def item_at(self, index: int) -> Image | None:
        model = self.model
        generation = model.generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PAGE_WAIT
        arrived = asyncio.Event()
        failed: list[str] = []

        def answered(*_: object) -> None:
            arrived.set()

        def refused(text: str) -> None:
            failed.append(text)
            arrived.set()

        model.loaded.connect(answered)
        model.loadFailed.connect(refused)
        try:
            while index >= len(self._items()) and model.canFetchMore() and model.generation == generation:
                arrived.clear()
                model.fetchMore()
                try:
                    await asyncio.wait_for(arrived.wait(), max(deadline - loop.time(), 0.01))
                except TimeoutError:
                    return None
                if failed:
                    return None  # the objects view shows the error
        finally:
            model.loaded.disconnect(answered)
            model.loadFailed.disconnect(refused)
        rows = self._items()
        if model.generation != generation or not 0 <= index < len(rows):
            return None
        return await model.state.services.images.info(model.objects[rows[index]].image_id)

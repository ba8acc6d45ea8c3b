"""The objects view's list as an ItemSequence (domain/item_sequence.py), so the
triage mode can walk it: one step per object, showing the object's item.
Rows not loaded yet are asked of the same model (its next pages), so the
sequence holds no second copy of the list."""

from __future__ import annotations

import asyncio

from desktop_app.api.records import Image
from desktop_app.qt.objects_model import ObjectsModel

PAGE_WAIT = 15.0  # seconds to wait for the next page before giving up


class ObjectsSequence:
    def __init__(self, model: ObjectsModel) -> None:
        self.model = model

    def count(self) -> int:
        return self.model.total if self.model.total is not None else len(self.model.objects)

    def index_of(self, item_id: int) -> int | None:
        return next((row for row, o in enumerate(self.model.objects) if o.image_id == item_id), None)

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
            while index >= len(model.objects) and model.canFetchMore() and model.generation == generation:
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
        if model.generation != generation or not 0 <= index < len(model.objects):
            return None
        return await model.state.services.images.info(model.objects[index].image_id)

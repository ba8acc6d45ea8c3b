"""Whole pictures for the item viewer: the original file (images.download),
or for very large images a big server-resized preview, decoded off the GUI
thread, with a few kept so that stepping back and forth does not fetch again
and the next item can be fetched ahead."""

from __future__ import annotations

import asyncio
import functools

from PySide6.QtGui import QImage

from desktop_app.api.records import Image
from desktop_app.domain.lru_cache import LruCache
from desktop_app.domain.services import ImagesService
from desktop_app.qt.image_decoding import decode_in_worker

MAX_FULL_PIXELS = 40_000_000  # above this the viewer shows a preview (decoding 40 MP takes ~0.3 s)
PREVIEW_WIDTH = 4096
KEEP = 6  # pictures kept (current, neighbours, the way back)


class FullImages:
    def __init__(self, images: ImagesService, keep: int = KEEP) -> None:
        self.images = images
        self._cache: LruCache[int, QImage] = LruCache(keep)
        self._loading: dict[int, asyncio.Task] = {}

    def cached(self, image_id: int) -> QImage | None:
        return self._cache.peek(image_id)

    async def get(self, image: Image) -> QImage:
        """The decoded picture (a null QImage when the bytes are not a picture).

        One fetch per image at a time: a prefetch and the viewer share it, and a
        waiter that is cancelled (the user moved on) leaves the fetch running."""
        cached = self._cache.get(image.id)
        if cached is not None:
            return cached
        task = self._loading.get(image.id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch(image))
            self._loading[image.id] = task
            task.add_done_callback(functools.partial(self._done, image.id))
        return await asyncio.shield(task)

    def close(self) -> None:
        """Stop fetches nobody will look at (the viewer is closing)."""
        for task in list(self._loading.values()):
            task.cancel()

    def _done(self, image_id: int, task: asyncio.Task[QImage]) -> None:
        self._loading.pop(image_id, None)
        if task.cancelled() or task.exception() is not None:  # retrieved: the waiter reports it
            return
        picture = task.result()
        if not picture.isNull():
            self._cache.put(image_id, picture)

    async def _fetch(self, image: Image) -> QImage:
        large = (image.width or 0) * (image.height or 0) > MAX_FULL_PIXELS
        if large and image.full_storage_url:
            data = await self.images.preview(image, PREVIEW_WIDTH)
        else:
            data = await self.images.download(image.id)
        return await decode_in_worker(data)

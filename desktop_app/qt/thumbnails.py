"""Thumbnails for the gallery: server-resized previews, decoded off the GUI
thread, kept in an LRU cache bounded by their memory.

Requests are de-duplicated while in flight, served newest first (what is on
screen now), a bounded number at a time; `retain()` drops queued requests for
items that scrolled away. QImage decoding is thread-safe, QPixmap is not, so
a worker thread makes a QImage and the GUI thread turns it into a pixmap."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from desktop_app.domain.lru_cache import LruCache
from desktop_app.qt.image_decoding import decode_in_worker
from desktop_app.qt.tasks import TaskScope

Key = tuple[int, int]  # (item id, preview width)


def pixmap_bytes(pixmap: QPixmap) -> int:
    """An estimate of a pixmap's memory (w * h * 4)."""
    return max(1, pixmap.width() * pixmap.height() * 4)


class ThumbnailLoader(QObject):
    thumbnailReady = Signal(int)  # item id
    thumbnailFailed = Signal(int, str)

    def __init__(
        self,
        fetch: Callable[[int, str], Awaitable[bytes]],
        parent: QObject | None = None,
        *,
        max_bytes: int = 256 * 1024 * 1024,
        concurrency: int = 6,
    ) -> None:
        """`fetch(item_id, url)` returns the preview's bytes (the app passes its http client)."""
        super().__init__(parent)
        self._fetch = fetch
        self.cache: LruCache[Key, QPixmap] = LruCache(max_bytes, pixmap_bytes)
        self._scope = TaskScope(self)
        self._queue: OrderedDict[Key, str] = OrderedDict()  # newest at the end
        self._in_flight: set[Key] = set()
        # The URL that failed per key: preview URLs are signed and expire, so a
        # fresh URL (the item listed again) is worth another try; the same one is not.
        self._failed: dict[Key, str] = {}
        self._workers = 0
        self._concurrency = concurrency

    def pixmap(self, item_id: int, width: int, url: str | None) -> QPixmap | None:
        """The cached pixmap, or None after queueing a request for it."""
        key = (item_id, width)
        cached = self.cache.get(key)
        if cached is not None or url is None or self._failed.get(key) == url:
            return cached
        if key not in self._in_flight:
            self._queue[key] = url
            self._queue.move_to_end(key)
            self._spawn()
        return None

    def retain(self, item_ids: Iterable[int]) -> None:
        """Forget queued (not yet started) requests for items not in `item_ids`."""
        keep = set(item_ids)
        for key in [k for k in self._queue if k[0] not in keep]:
            del self._queue[key]

    @property
    def pending(self) -> int:
        """Requests queued or in flight."""
        return len(self._queue) + len(self._in_flight)

    def clear(self) -> None:
        self._queue.clear()
        self._failed.clear()
        self.cache.clear()

    def _spawn(self) -> None:
        while self._workers < self._concurrency and self._queue:
            if self._scope.start(self._work()) is None:
                return  # the app is shutting down
            self._workers += 1

    async def _work(self) -> None:
        try:
            while self._queue:
                key, url = self._queue.popitem(last=True)
                self._in_flight.add(key)
                try:
                    data = await self._fetch(key[0], url)
                    image = await decode_in_worker(data)
                    if image.isNull():
                        raise ValueError("not an image")
                    self.cache.put(key, QPixmap.fromImage(image))
                    self._failed.pop(key, None)
                    self.thumbnailReady.emit(key[0])
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # one bad thumbnail must not stop the others
                    self._failed[key] = url
                    self.thumbnailFailed.emit(key[0], str(exc))
                finally:
                    self._in_flight.discard(key)
        finally:
            self._workers -= 1

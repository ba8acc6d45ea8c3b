"""Frames of the open video as QImages, decoded OFF the GUI thread.

One worker thread owns the PyAV decoder (domain/video_decoder.py) and makes
the QImage (thread-safe; the viewer makes the pixmap on the GUI thread).
Requests do not queue: `request(n)` only records the frame wanted now, and
the pump decodes the latest one each time the worker is free, so dragging
the scrub bar across a thousand frames decodes a handful, never a backlog,
and the GUI never waits for a frame. A few recent frames are kept, so
stepping back and forth around one place is instant.

`frameReady(index, image)` says what arrived; a video opened later (another
item) makes frames of the old one be dropped (a generation number)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from desktop_app.domain.lru_cache import LruCache
from desktop_app.domain.video_decoder import VideoDecoder
from desktop_app.qt.tasks import TaskScope

KEEP_BYTES = 256 * 1024 * 1024  # recent frames kept decoded (48 frames of 1080p)


@dataclass(frozen=True)
class VideoFacts:
    frames_count: int
    fps: float
    width: int
    height: int


def to_qimage(picture: np.ndarray) -> QImage:
    height, width, _ = picture.shape
    data = np.ascontiguousarray(picture)
    # copy(): the QImage must own its pixels, the array goes away with this call
    return QImage(data.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class VideoFrames(QObject):
    frameReady = Signal(int, QImage)  # frame index, picture
    failed = Signal(str)  # a frame could not be decoded (in words)

    def __init__(self, parent: QObject | None = None, *, keep_bytes: int = KEEP_BYTES) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="video-decoder")
        self._scope = TaskScope(self)
        self._decoder: VideoDecoder | None = None
        self._generation = 0
        self._wanted: int | None = None
        self._cache: LruCache[int, QImage] = LruCache(keep_bytes, lambda image: image.sizeInBytes())
        self.decoded = 0  # frames decoded (tests check that scrubbing does not decode every frame)
        executor = self._executor  # not self: destroyed() may come after the wrapper is gone
        self.destroyed.connect(lambda *_: executor.shutdown(wait=False, cancel_futures=True))

    async def open(self, path: Path) -> VideoFacts:
        """Decode this file from now on (the previous one is closed in the worker)."""
        self._generation += 1
        self._wanted = None
        self._cache.clear()
        old, self._decoder = self._decoder, None
        loop = asyncio.get_running_loop()
        if old is not None:
            await loop.run_in_executor(self._executor, old.close)
        decoder = await loop.run_in_executor(self._executor, VideoDecoder, path)
        self._decoder = decoder
        return VideoFacts(decoder.frames_count, decoder.fps, decoder.width, decoder.height)

    def cached(self, index: int) -> QImage | None:
        return self._cache.peek(index)

    def request(self, index: int) -> None:
        """Show frame `index` when it is decoded; replaces any frame asked for before it."""
        picture = self._cache.get(index)
        if picture is not None:
            self._wanted = None
            self.frameReady.emit(index, picture)
            return
        self._wanted = index
        if self._decoder is not None and not self._scope.running("pump"):
            self._scope.start(self._pump(self._generation), key="pump")

    @property
    def busy(self) -> bool:
        return self._scope.running("pump")

    async def _pump(self, generation: int) -> None:
        loop = asyncio.get_running_loop()
        while self._wanted is not None and generation == self._generation and self._decoder is not None:
            index, self._wanted = self._wanted, None
            try:
                picture = await loop.run_in_executor(self._executor, _decode, self._decoder, index)
            except Exception as exc:  # a broken frame: said once, the viewer stays usable
                if generation == self._generation:
                    self.failed.emit(str(exc))
                continue
            if generation != self._generation:
                return
            self.decoded += 1
            self._cache.put(index, picture)
            self.frameReady.emit(index, picture)

    def close(self) -> None:
        """Stop decoding (the viewer is closing): the file is closed in the worker."""
        self._generation += 1
        self._wanted = None
        self._scope.cancel_all()
        decoder, self._decoder = self._decoder, None
        if decoder is not None:
            self._executor.submit(decoder.close)


def _decode(decoder: VideoDecoder, index: int) -> QImage:
    return to_qimage(decoder.frame(index))

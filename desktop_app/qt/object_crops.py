"""Crops of single boxes for the objects view: the item's server-resized
preview (one fetch per item, shared by all its boxes), cut to the box with a
margin and scaled to the tile, off the GUI thread (QImage is thread-safe,
QPixmap is not: the GUI thread makes the pixmap). Crops are kept in a
byte-bounded LRU cache, previews in a small one; a bounded number load at a
time, newest request first, and requests for tiles scrolled away are dropped
(`retain`).

A video's box is cut from the frame it is on (qt/video_stills.py: the
viewer's download and decoder), one frame shared by all the boxes on it:
pictures are keyed by item, or by (item, frame) for a video."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

import shiboken6
from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from desktop_app.api.evaluation import EvaluatedObject
from desktop_app.api.records import Image
from desktop_app.domain.lru_cache import LruCache
from desktop_app.domain.services import ImagesService
from desktop_app.qt.image_decoding import decode_image
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.thumbnails import pixmap_bytes
from desktop_app.qt.video_stills import VideoStills

log = logging.getLogger(__name__)
PREVIEW_WIDTH = 1024  # enough detail for a box of a few dozen pixels, small to fetch
MARGIN = 0.15  # of the box's size, on each side: some context around the object
KEEP_PREVIEWS = 24  # previews and video frames (both at most PREVIEW_WIDTH wide)
PictureKey = int | tuple[int, int]  # an image's id, or a video's (id, frame)


def picture_key(obj: EvaluatedObject) -> PictureKey:
    return obj.image_id if obj.frame is None else (obj.image_id, obj.frame)


def crop_rect(box: tuple[float, float, float, float], scale: float, width: int, height: int) -> QRect:
    """The box (in image pixels) with its margin, in the preview's pixels, kept inside it."""
    left, top, right, bottom = box
    mx, my = (right - left) * MARGIN, (bottom - top) * MARGIN
    x0, y0 = max(0, int((left - mx) * scale)), max(0, int((top - my) * scale))
    x1, y1 = min(width, int((right + mx) * scale) + 1), min(height, int((bottom + my) * scale) + 1)
    return QRect(x0, y0, max(1, x1 - x0), max(1, y1 - y0))


def cut(picture: QImage, box: tuple[float, float, float, float], image_width: int, tile: int) -> QImage:
    """The crop of `box`, scaled to fit a `tile` square (runs in a worker thread)."""
    scale = picture.width() / image_width if image_width else 1.0
    piece = picture.copy(crop_rect(box, scale, picture.width(), picture.height()))
    return piece.scaled(tile, tile, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class ObjectCrops(QObject):
    cropReady = Signal(int)  # figure id

    def __init__(
        self,
        images: ImagesService,
        parent: QObject | None = None,
        *,
        tile: int = 150,
        concurrency: int = 4,
        stills: VideoStills | None = None,
    ) -> None:
        super().__init__(parent)
        self.images = images
        self.stills = stills  # frames of videos; without it a video's boxes get no crop
        self.tile = tile
        self.cache: LruCache[int, QPixmap] = LruCache(64 * 1024 * 1024, pixmap_bytes)
        self._pictures: LruCache[PictureKey, tuple[Image, QImage]] = LruCache(KEEP_PREVIEWS)
        self._picture_tasks: dict[PictureKey, asyncio.Future] = {}
        self._queue: OrderedDict[int, EvaluatedObject] = OrderedDict()
        self._in_flight: set[int] = set()
        self._failed: set[int] = set()
        self._workers = 0
        self._concurrency = concurrency
        self._scope = TaskScope(self)

    def pixmap(self, obj: EvaluatedObject) -> QPixmap | None:
        """The cached crop, or None after queueing it."""
        cached = self.cache.get(obj.figure_id)
        if cached is not None or obj.figure_id in self._failed or obj.figure_id in self._in_flight:
            return cached
        self._queue[obj.figure_id] = obj
        self._queue.move_to_end(obj.figure_id)
        self._pump()
        return None

    def retain(self, figure_ids: set[int]) -> None:
        """Forget queued crops of tiles no longer in view."""
        for key in [k for k in self._queue if k not in figure_ids]:
            del self._queue[key]

    def _pump(self) -> None:
        while self._queue and self._workers < self._concurrency:
            _, obj = self._queue.popitem(last=True)  # newest first: what is on screen now
            self._workers += 1
            self._in_flight.add(obj.figure_id)
            self._scope.start(self._load(obj))

    async def _load(self, obj: EvaluatedObject) -> None:
        try:
            image, picture = await self._picture(picture_key(obj))
            box = (obj.bbox.left, obj.bbox.top, obj.bbox.right, obj.bbox.bottom)
            piece = await asyncio.to_thread(cut, picture, box, image.width or picture.width(), self.tile)
            if not shiboken6.isValid(self):
                return
            self.cache.put(obj.figure_id, QPixmap.fromImage(piece))
            self.cropReady.emit(obj.figure_id)
        except Exception as exc:  # a tile without a picture; the others go on
            log.info("crop of object %s failed: %s", obj.figure_id, exc)
            self._failed.add(obj.figure_id)
        finally:
            self._workers -= 1
            self._in_flight.discard(obj.figure_id)
        if shiboken6.isValid(self):  # the view may have closed while the preview was on its way
            self._pump()

    async def _picture(self, key: PictureKey) -> tuple[Image, QImage]:
        cached = self._pictures.get(key)
        if cached is not None:
            return cached
        pending = self._picture_tasks.get(key)
        if pending is None:
            fetch = self._fetch(key) if isinstance(key, int) else self._fetch_frame(*key)
            pending = self._picture_tasks[key] = asyncio.ensure_future(fetch)
            pending.add_done_callback(lambda _f: self._picture_tasks.pop(key, None))
        return await asyncio.shield(pending)

    async def _fetch_frame(self, video_id: int, frame: int) -> tuple[Image, QImage]:
        if self.stills is None:
            raise ValueError(f"no video frames here for the boxes of video {video_id}")
        video, picture = await self.stills.frame(video_id, frame)
        self._pictures.put((video_id, frame), (video, picture))
        return video, picture

    async def _fetch(self, image_id: int) -> tuple[Image, QImage]:
        image = await self.images.info(image_id)
        data = await self.images.preview(image, PREVIEW_WIDTH)
        picture = await asyncio.to_thread(decode_image, data)
        if picture.isNull():
            raise ValueError(f"the preview of item {image_id} is not a picture")
        self._pictures.put(image_id, (image, picture))
        return image, picture

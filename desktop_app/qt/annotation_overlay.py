"""Annotation boxes for gallery thumbnails, loaded in batches and cached.

The gallery asks `boxes(image)` while painting; an unknown image is queued
and answered later (`boxesReady`). Queued ids are grouped by dataset
(annotations.bulk.info, and videos.annotations.bulk.info for a video's
preview frame, read one dataset at a time) and sent at most
`batch` per request after a short pause, so a screen of thumbnails costs a
few requests, not one per item. Boxes are kept as fractions of the image so
they can be drawn over a thumbnail of any size."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.records import Image
from desktop_app.domain.lru_cache import LruCache
from desktop_app.qt.tasks import TaskScope
from desktop_app.shared.predictions import is_prediction_class

log = logging.getLogger(__name__)

# (dataset id, item ids) -> their tile annotations (ItemsService.preview_annotations for the project's type)
FetchAnnotations = Callable[[int, list[int]], Awaitable[list[Annotation]]]


@dataclass(frozen=True, slots=True)
class Box:
    class_id: int | None
    class_title: str
    predicted: bool
    left: float  # fractions of the image width / height, 0..1
    top: float
    right: float
    bottom: float


def boxes_of(annotation: Annotation, image: Image) -> tuple[Box, ...]:
    width = annotation.width or image.width
    height = annotation.height or image.height
    if not width or not height:
        return ()
    out = []
    for figure in annotation.objects:
        if not figure.exterior:
            continue
        left, top, right, bottom = figure.edges()
        predicted = is_prediction_class(figure.class_title)
        out.append(
            Box(
                figure.class_id,
                figure.class_title,
                predicted,
                left / width,
                top / height,
                right / width,
                bottom / height,
            )
        )
    return tuple(out)


class AnnotationOverlay(QObject):
    boxesReady = Signal(list)  # item ids whose boxes arrived

    def __init__(
        self,
        fetch: FetchAnnotations,
        parent: QObject | None = None,
        *,
        max_items: int = 20_000,
        batch: int = 100,
        concurrency: int = 2,
        delay_ms: int = 30,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._scope = TaskScope(self)
        self._cache: LruCache[int, tuple[Box, ...]] = LruCache(max_items)
        self._batch = batch
        self._concurrency = concurrency
        self._queued: dict[int, dict[int, Image]] = {}  # dataset id -> {item id: image}, newest last
        self._in_flight: set[int] = set()
        self._failed: set[int] = set()
        self._workers = 0
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._flush)
        self.request_count = 0
        self._alive = True  # cancelled loads finish after destruction: leave Qt alone then
        self.destroyed.connect(lambda *_: setattr(self, "_alive", False))

    def boxes(self, image: Image) -> tuple[Box, ...] | None:
        """The image's boxes, or None after queueing a request for them."""
        cached = self._cache.get(image.id)
        if cached is not None:
            return cached
        if image.labels_count == 0:  # nothing to ask the server about
            self._cache.put(image.id, ())
            return ()
        if image.id in self._in_flight or image.id in self._failed or image.dataset_id is None:
            return None
        group = self._queued.setdefault(image.dataset_id, {})
        group.pop(image.id, None)
        group[image.id] = image
        if not self._timer.isActive():
            self._timer.start()
        return None

    def retain(self, item_ids: Iterable[int]) -> None:
        """Forget queued (not yet sent) requests for items not in `item_ids`."""
        keep = set(item_ids)
        for dataset_id in list(self._queued):
            group = {i: img for i, img in self._queued[dataset_id].items() if i in keep}
            if group:
                self._queued[dataset_id] = group
            else:
                del self._queued[dataset_id]

    def forget(self, item_ids: Iterable[int]) -> None:
        """Drop cached boxes (their annotation changed)."""
        for item_id in item_ids:
            self._cache.pop(item_id)
            self._failed.discard(item_id)

    def clear(self) -> None:
        self._cache.clear()
        self._queued.clear()
        self._failed.clear()

    def __len__(self) -> int:
        return len(self._cache)

    def _next_batch(self) -> tuple[int, list[Image]] | None:
        if not self._queued:
            return None
        dataset_id = next(reversed(self._queued))  # the group touched last: on screen now
        group = self._queued[dataset_id]
        ids = list(group)[-self._batch :]
        batch = [group.pop(i) for i in ids]
        if not group:
            del self._queued[dataset_id]
        return dataset_id, batch

    def _flush(self) -> None:
        if not self._alive or not _loop_usable():
            return  # the timer outlived the app's loop (quitting): boxes are decoration, drop them
        while self._workers < self._concurrency and (job := self._next_batch()) is not None:
            self._workers += 1
            self._in_flight.update(img.id for img in job[1])
            self._scope.start(self._load(*job))

    async def _load(self, dataset_id: int, images: Sequence[Image]) -> None:
        try:
            self.request_count += 1
            annotations = await self._fetch(dataset_id, [img.id for img in images])
            by_id = {a.image_id: a for a in annotations}
            for image in images:
                ann = by_id.get(image.id)
                self._cache.put(image.id, boxes_of(ann, image) if ann is not None else ())
            self.boxesReady.emit([img.id for img in images])
        except Exception as exc:  # boxes are decoration: note it, do not retry in a loop
            log.info("annotation boxes for %d items failed: %s", len(images), exc)
            self._failed.update(img.id for img in images)
        finally:
            self._in_flight.difference_update(img.id for img in images)
            self._workers -= 1
            if self._alive and self._queued and not self._timer.isActive():
                self._timer.start()


def _loop_usable() -> bool:
    try:
        return not asyncio.get_event_loop().is_closed()
    except RuntimeError:  # "no current event loop"
        return False

"""Single frames of videos as pictures, for the objects view's crops of video
boxes. The video comes the way the video viewer gets it: its file through
`VideosService.local_file` (the app's cache folder, one download per file, so
the viewer opened afterwards does not fetch it again), the frame decoded by
the viewer's decoder (domain/video_decoder.py). Decoding runs in one worker
thread, which keeps the last video's decoder open (a decoder is not
thread-safe; boxes on nearby frames of one clip then decode forward instead of
reopening the file). Frames wider than `width` are scaled down there: a crop
needs no more, and the caller's cache holds smaller pictures. PyAV and numpy
are imported when the first frame is decoded, not at start-up (the objects
view is built with the main window)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QImage

from desktop_app.api.records import Image
from desktop_app.domain.lru_cache import LruCache
from desktop_app.domain.services.videos import VideosService

if TYPE_CHECKING:
    from desktop_app.domain.video_decoder import VideoDecoder

KEEP_INFOS = 64  # video records: a clip's boxes sit on many frames, its record is asked for once


class _Worker:
    """Lives in the worker thread: the open decoder of the last video asked for."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.open: tuple[Path, VideoDecoder] | None = None

    def frame(self, path: Path, index: int) -> QImage:
        from desktop_app.domain.video_decoder import VideoDecoder  # PyAV: only when a frame is asked for
        from desktop_app.qt.video_frames import to_qimage  # numpy, likewise

        if self.open is None or self.open[0] != path:
            self.close()
            self.open = (path, VideoDecoder(path))
        picture = to_qimage(self.open[1].frame(index))
        if picture.width() > self.width:
            picture = picture.scaledToWidth(self.width, Qt.TransformationMode.SmoothTransformation)
        return picture

    def close(self) -> None:
        if self.open is not None:
            self.open[1].close()
            self.open = None


class VideoStills(QObject):
    def __init__(
        self, videos: VideosService, cache_dir: Path, parent: QObject | None = None, *, width: int = 1024
    ) -> None:
        super().__init__(parent)
        self.videos = videos
        self.cache_dir = Path(cache_dir)
        self._infos: LruCache[int, Image] = LruCache(KEEP_INFOS)
        self._worker = _Worker(width)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="video-stills")
        worker, executor = self._worker, self._executor  # not self: destroyed() may come after the wrapper

        def stop(*_args: object) -> None:  # the open file is closed in the worker, after what is queued
            try:
                executor.submit(worker.close)
            except RuntimeError:  # destroyed at interpreter exit: no worker thread is left, close it here
                worker.close()
            executor.shutdown(wait=False)

        self.destroyed.connect(stop)

    async def frame(self, video_id: int, index: int) -> tuple[Image, QImage]:
        """The video's record and frame `index` (0-based) as a picture, possibly scaled down."""
        video = self._infos.get(video_id)
        if video is None:
            video = await self.videos.info(video_id)
            self._infos.put(video_id, video)
        path = await self.videos.local_file(video, self.cache_dir)
        picture = await asyncio.get_running_loop().run_in_executor(self._executor, self._worker.frame, path, index)
        if picture.isNull():
            raise ValueError(f"frame {index + 1} of video {video_id} is not a picture")
        return video, picture

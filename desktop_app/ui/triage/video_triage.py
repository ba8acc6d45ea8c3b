"""The triage window's video: one video of the walk, shown one frame at a time
at the frames where the model made a mistake.

A video is evaluated frame by frame (a frame's predictions against that
frame's ground truth, docs/evaluation-api.md), so its mistakes are found per
frame with the same rule (domain/triage.py `frame_mistakes`). The video, its
annotation and its file come the way the video viewer gets them
(domain/services/videos.py: the file is downloaded once into the cache
folder), and frames are decoded off the GUI thread (qt/video_frames.py): the
boxes of a frame show at once, its picture when decoded."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.records import Image
from desktop_app.api.video_records import VideoAnnotation
from desktop_app.domain.triage import Edges, frame_mistakes
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.app_state import AppState
from desktop_app.qt.video_frames import VideoFrames


class VideoTriage(QObject):
    failed = Signal(str)  # a frame could not be decoded (in words)

    def __init__(self, state: AppState, scene: AnnotationScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.scene = scene
        self.frames = VideoFrames(self)
        self.frames.frameReady.connect(self._frame_ready)
        self.frames.failed.connect(self.failed)
        self.video: Image | None = None
        self.annotation: VideoAnnotation | None = None
        self.mistakes: dict[int, tuple[list[Edges], list[Edges]]] = {}
        self.frame = 0
        self.frames_count = 1
        self.width = self.height = 0

    async def open(self, video: Image, labelled_classes: Iterable[str], iou_threshold: float) -> VideoAnnotation:
        """Read the video, its annotation and its file (as the video viewer does), and find its mistakes."""
        services = self.state.services
        if video.frames_count is None or video.dataset_id is None:
            video = await services.videos.info(video.id)
        assert video.dataset_id is not None, "videos.info names the video's dataset"
        annotation = await services.videos.annotation(video.dataset_id, video.id)
        path = await services.videos.local_file(video, self.state.cache_dir)
        facts = await self.frames.open(path)
        self.video, self.annotation = video, annotation
        self.frames_count = max(annotation.frames_count or video.frames_count or facts.frames_count, 1)
        self.width = annotation.width or video.width or facts.width
        self.height = annotation.height or video.height or facts.height
        self.mistakes = frame_mistakes(annotation, labelled_classes, iou_threshold)
        self.frame = 0
        return annotation

    @property
    def mistake_frames(self) -> list[int]:
        return list(self.mistakes)  # in frame order

    def first_mistake(self) -> int:
        """The frame of the first mistake; frame 0 when there is none."""
        return next(iter(self.mistakes), 0)

    def mistake_after(self, frame: int, delta: int) -> int | None:
        """The next (delta +1) or previous (delta -1) frame with a mistake; None past the last."""
        frames = self.mistake_frames
        if delta > 0:
            at = bisect.bisect_right(frames, frame)
            return frames[at] if at < len(frames) else None
        at = bisect.bisect_left(frames, frame)
        return frames[at - 1] if at > 0 else None

    def go_to(self, frame: int) -> Annotation:
        """Show `frame` (its picture when decoded): its boxes as an image annotation."""
        assert self.annotation is not None and self.video is not None
        self.frame = min(max(int(frame), 0), self.frames_count - 1)
        self.frames.request(self.frame)
        return self.annotation.frame_annotation(self.frame, self.video.dataset_id)

    def unmatched_here(self) -> tuple[list[Edges], list[Edges]]:
        return self.mistakes.get(self.frame, ([], []))

    def position_text(self) -> str:
        """ "frame 12 of 300 · mistakes on 4 frames", frames counted from 1 as the video viewer does."""
        count = len(self.mistakes)
        mistakes = "no mistakes on any frame" if not count else f"mistakes on {count:,} frame{'s' * (count != 1)}"
        return f"frame {self.frame + 1:,} of {self.frames_count:,}  ·  {mistakes}"

    def _frame_ready(self, index: int, picture: QImage) -> None:
        if self.video is not None and index == self.frame:
            # the picture only: the scene keeps its size (and the zoom), the boxes are the frame's
            self.scene.set_image(picture, self.width or picture.width(), self.height or picture.height())

    def close(self) -> None:
        self.frames.close()
        self.video = self.annotation = None
        self.mistakes = {}

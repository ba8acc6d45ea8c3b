"""Frames of a video file by index, decoded with PyAV.

Going forward (playing, stepping right) continues the decoder where it is;
going back or far ahead seeks to the keyframe before the frame and decodes
forward from there (a video can only be decoded from a keyframe). The last
frame decoded is kept, so asking again for it costs nothing.

Not thread-safe: the Qt side (qt/video_frames.py) uses one decoder from one
worker thread only."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

FORWARD_LIMIT = 48  # frames ahead decoded in a row rather than seeking (a keyframe is usually nearer)
DEFAULT_FPS = 25.0


class VideoDecodeError(Exception):
    """The file is not a video this app can decode (the reason, in words)."""


class VideoDecoder:
    def __init__(self, path: Path | str) -> None:
        try:
            self._container = av.open(str(path))
            self._stream = self._container.streams.video[0]
        except (av.FFmpegError, IndexError, OSError) as exc:
            raise VideoDecodeError(f"The video file could not be read: {exc}") from exc
        self._stream.thread_type = "AUTO"
        rate = self._stream.average_rate or self._stream.guessed_rate
        self.fps = float(rate) if rate else DEFAULT_FPS
        self.width = self._stream.codec_context.width
        self.height = self._stream.codec_context.height
        self._time_base: Fraction = self._stream.time_base or Fraction(1, 90_000)
        self._start = self._stream.start_time or 0
        self.frames_count = self._count_frames()
        self._frames: Iterator[av.VideoFrame] | None = None
        self._position = -1  # index of the frame decoded last
        self._last: tuple[int, np.ndarray] | None = None

    def _count_frames(self) -> int:
        if self._stream.frames:
            return int(self._stream.frames)
        if self._stream.duration is not None:
            return max(1, round(float(self._stream.duration * self._time_base) * self.fps))
        if self._container.duration is not None:
            return max(1, round(self._container.duration / av.time_base * self.fps))
        return 1

    def close(self) -> None:
        self._container.close()

    # -- frames --------------------------------------------------------------
    def frame(self, index: int) -> np.ndarray:
        """Frame `index` (0-based, clamped to the video) as an RGB array (height × width × 3)."""
        index = min(max(int(index), 0), self.frames_count - 1)
        if self._last is not None and self._last[0] == index:
            return self._last[1]
        if self._frames is None or index <= self._position or index > self._position + FORWARD_LIMIT:
            self._seek(index)
        found = self._decode_to(index)
        if found is None and self._position < 0:  # the seek landed past it (a stream starting late)
            self._seek(0)
            found = self._decode_to(index)
        if found is None:
            if self._last is None:
                raise VideoDecodeError(f"Frame {index + 1} could not be decoded.")
            return self._last[1]  # past the real end (the count was an estimate): the last frame there is
        return found

    def _decode_to(self, index: int) -> np.ndarray | None:
        assert self._frames is not None
        try:
            for frame in self._frames:
                position = self._index_of(frame)
                self._position = position
                if position >= index:
                    picture = frame.to_ndarray(format="rgb24")
                    self._last = (index, picture)
                    return picture
                self._last = None
        except av.FFmpegError as exc:
            raise VideoDecodeError(f"Frame {index + 1} could not be decoded: {exc}") from exc
        self._frames = None  # the end: seek again next time
        return None

    def _seek(self, index: int) -> None:
        target = self._start + int(index / self.fps / self._time_base)
        try:
            self._container.seek(target, stream=self._stream, backward=True, any_frame=False)
        except av.FFmpegError:
            self._container.seek(0)
        self._frames = self._container.decode(self._stream)
        self._position = -1

    def _index_of(self, frame: av.VideoFrame) -> int:
        if frame.pts is None:
            return self._position + 1
        return round(float((frame.pts - self._start) * self._time_base) * self.fps)

"""What a video file is: frames, rate, size, duration, codec (read with PyAV).

A file PyAV cannot open, or one without a decodable video stream, is
refused with UnreadableVideo naming the file. The frame count comes from the
container when it records one, else from counting the stream's packets
(demuxing only, no decoding: cheap even for long videos)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import av

# Container format (PyAV's name, first of the comma list) -> mime type and file extension.
CONTAINERS = {
    "mov": ("video/mp4", ".mp4"),
    "mp4": ("video/mp4", ".mp4"),
    "matroska": ("video/x-matroska", ".mkv"),
    "webm": ("video/webm", ".webm"),
    "avi": ("video/x-msvideo", ".avi"),
    "flv": ("video/x-flv", ".flv"),
    "asf": ("video/x-ms-wmv", ".wmv"),
    "3gp": ("video/3gpp", ".3gp"),
}
DEFAULT_CONTAINER = ("video/mp4", ".mp4")
MAX_SIDE = 16384  # larger frames are not video anybody labels
# FFmpeg reads still pictures as one-frame "videos"; they are images, not videos.
STILL_IMAGE_FORMATS = ("image2", "_pipe", "gif", "apng", "webp")


class UnreadableVideo(ValueError):
    """The bytes are not a video this server can read; the message names the file."""


@dataclass(frozen=True)
class VideoProbe:
    frames_count: int
    fps: float
    width: int
    height: int
    duration: float  # seconds
    size: int  # bytes of the file
    codec: str  # e.g. "h264"
    format_name: str  # PyAV's container names, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    mime: str
    extension: str  # ".mp4"


def _container_kind(format_name: str, file_name: str) -> tuple[str, str]:
    names = format_name.split(",")
    suffix = Path(file_name).suffix.lower()
    if "mov" in names and suffix in (".mov", ".3gp"):
        return ("video/quicktime", ".mov") if suffix == ".mov" else CONTAINERS["3gp"]
    if "matroska" in names and suffix == ".webm":
        return CONTAINERS["webm"]
    for name in names:
        if name in CONTAINERS:
            return CONTAINERS[name]
    return DEFAULT_CONTAINER


def _count_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> int:
    return sum(1 for packet in container.demux(stream) if packet.size and packet.pts is not None)


def probe(source: Path | bytes, file_name: str | None = None) -> VideoProbe:
    """Read the video's facts; raises UnreadableVideo."""
    name = file_name or (source.name if isinstance(source, Path) else "the uploaded file")
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    opened = str(source) if isinstance(source, Path) else io.BytesIO(source)
    try:
        with av.open(opened, "r") as container:
            if not container.streams.video:
                raise UnreadableVideo(f"{name} has no video stream")
            stream = container.streams.video[0]
            codec = stream.codec_context.name
            width, height = stream.codec_context.width, stream.codec_context.height
            rate = stream.average_rate or stream.guessed_rate or stream.base_rate
            fps = float(rate) if rate else 0.0
            frames = stream.frames or _count_packets(container, stream)
            format_name = container.format.name
    except UnreadableVideo:
        raise
    except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
        raise UnreadableVideo(f"{name} is not a readable video: {exc}") from None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise UnreadableVideo(f"{name} has frames of {width}x{height}, which is not a usable video size")
    if frames <= 0 or fps <= 0:
        raise UnreadableVideo(f"{name} has no frames that can be read")
    if any(marker in format_name for marker in STILL_IMAGE_FORMATS):
        raise UnreadableVideo(f"{name} is a still image ({format_name}), not a video")
    mime, extension = _container_kind(format_name, name)
    return VideoProbe(
        frames_count=frames,
        fps=round(fps, 6),
        width=width,
        height=height,
        duration=round(frames / fps, 6),
        size=size,
        codec=codec,
        format_name=format_name,
        mime=mime,
        extension=extension,
    )

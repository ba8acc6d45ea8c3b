"""Writing short H.264 MP4 clips from RGB frames (demo clips, test files).

PyAV's wheels ship libx264; builds without it fall back to MPEG-4 Part 2,
which every FFmpeg decodes. A keyframe every second keeps seeking cheap."""

from __future__ import annotations

import io
from collections.abc import Iterable

import av
import numpy as np

CODECS = ("libx264", "mpeg4")


def _codec() -> str:
    for name in CODECS:
        try:
            av.codec.Codec(name, "w")
            return name
        except (av.FFmpegError, ValueError):
            continue
    raise RuntimeError(f"PyAV has none of the encoders {', '.join(CODECS)}")


def encode_clip(frames: Iterable[np.ndarray], fps: int, width: int, height: int) -> bytes:
    """MP4 bytes of `frames` (height x width x 3 uint8 RGB arrays; width and height even)."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        codec = _codec()
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "g": str(fps)} if codec == "libx264" else {"g": str(fps)}
        for array in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(array, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()

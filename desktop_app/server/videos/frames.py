"""Decoding one frame of a video file: seek to the keyframe at or before the
frame's time, then decode forward to it (a whole GOP at most, never the video
from its start).

Frame N is the frame shown at time N / fps from the stream's start, the
platform's framesToTimecodes convention; for variable-rate files that is the
frame on screen at that time."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image as PILImage

from desktop_app.server.errors import InvalidInput, NotFound


def decode_frame(path: Path, index: int, fps: float, frames_count: int) -> PILImage.Image:
    """Frame `index` (0-based) as an RGB picture; raises InvalidInput for an index out of range."""
    if fps <= 0:
        raise NotFound("the video has no frame rate; its frames cannot be located")
    if not 0 <= index < frames_count:
        raise InvalidInput(f"frame {index} is out of range: the video has frames 0 to {frames_count - 1}")
    try:
        with av.open(str(path), "r") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            time_base = stream.time_base or Fraction(1, 1_000_000)
            start = stream.start_time or 0
            frame_time = Fraction(index) / Fraction(fps).limit_denominator(1_000_000)
            target = start + int(frame_time / time_base)
            half_frame = int(Fraction(1, 2) / Fraction(fps).limit_denominator(1_000_000) / time_base)
            container.seek(target, stream=stream, backward=True, any_frame=False)
            last = None
            for frame in container.decode(stream):
                last = frame
                if frame.pts is not None and frame.pts >= target - half_frame:
                    break
    except (av.FFmpegError, OSError) as exc:
        raise NotFound(f"the video file cannot be decoded: {exc}") from None
    if last is None:  # past the last decodable frame (a count that overstated the file)
        raise NotFound(f"frame {index} cannot be decoded from the video file")
    return last.to_image()


def encode_picture(picture: PILImage.Image, ext: str = "png", quality: int = 90) -> bytes:
    """PNG (lossless, what frame downloads answer) or JPEG bytes of a decoded frame."""
    out = io.BytesIO()
    if ext == "png":
        picture.save(out, format="PNG", compress_level=1)
    else:
        picture.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()

"""What an uploaded file is, as an image: its format, mime type and size in
pixels, read from the header by Pillow (the pixels are not decoded)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image as PILImage

# Pillow's names for formats whose files are served under a common mime type.
MIME_OF_FORMAT = {"MPO": "image/jpeg"}  # phone cameras' multi-picture JPEGs


@dataclass(frozen=True)
class Probe:
    mime: str
    width: int
    height: int


class NotAnImage(ValueError):
    """Pillow cannot read the file as an image."""


def probe_image(source: Path | BinaryIO) -> Probe:
    """Width and height as the image is shown (after its EXIF orientation, as the
    previews are), and its mime type."""
    try:
        with PILImage.open(source) as picture:
            width, height = picture.size
            fmt = picture.format or ""
            orientation = picture.getexif().get(0x0112, 1)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise NotAnImage(str(exc) or type(exc).__name__) from None
    mime = MIME_OF_FORMAT.get(fmt) or PILImage.MIME.get(fmt)
    if not mime or not mime.startswith("image/"):
        raise NotAnImage(f"{fmt or 'unknown'} files are not supported as images")
    if orientation in (5, 6, 7, 8):  # rotated by a quarter turn: shown with the sides swapped
        width, height = height, width
    return Probe(mime=mime, width=width, height=height)

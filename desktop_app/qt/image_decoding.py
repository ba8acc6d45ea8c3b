"""Pictures from bytes, decoded off the GUI thread: QImage decoding is
thread-safe (QPixmap is not, so callers make pixmaps on the GUI thread).

The format is named from the file's first bytes. Left to guess, Qt asks every
image plugin, and the SVG plugin's probe connects a signal: on a worker thread
that holds the GIL, that waits for Qt's connection lock, while the GUI thread,
disconnecting a Python object's signal, holds that lock and waits for the GIL
(a deadlock seen in the test suite)."""

from __future__ import annotations

import asyncio

from PySide6.QtGui import QImage

SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def image_format(data: bytes) -> str | None:
    """ "JPEG", "PNG", "GIF", "BMP", "TIFF" or "WEBP" from the first bytes; None for anything else."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((name for magic, name in SIGNATURES if data.startswith(magic)), None)


def decode_image(data: bytes) -> QImage:
    """The picture in `data`; a null QImage when the bytes are not a picture of a known format."""
    image = QImage()
    fmt = image_format(data)
    if fmt is not None:
        image.loadFromData(data, fmt)
    return image


async def decode_in_worker(data: bytes) -> QImage:
    return await asyncio.get_running_loop().run_in_executor(None, decode_image, data)

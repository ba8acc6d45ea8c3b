"""Pictures from bytes, decoded off the GUI thread: QImage decoding is
thread-safe (QPixmap is not, so callers make pixmaps on the GUI thread)."""

from __future__ import annotations

import asyncio

from PySide6.QtGui import QImage


def decode_image(data: bytes) -> QImage:
    """The picture in `data`; a null QImage when the bytes are not a picture."""
    image = QImage()
    image.loadFromData(data)
    return image


async def decode_in_worker(data: bytes) -> QImage:
    return await asyncio.get_running_loop().run_in_executor(None, decode_image, data)

"""Making small files and sending them the way the SDK does (multipart parts
"<i>-file" named "<i>"), for the upload tests."""

from __future__ import annotations

import base64
import hashlib
import io

from PIL import Image as PILImage

from tests.server.world import ALICE


def sdk_hash(data: bytes) -> str:
    """supervisely.io.fs.get_bytes_hash: base64 of the SHA-256 digest."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def picture(width: int = 32, height: int = 24, fmt: str = "PNG", color=(200, 30, 60)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(out, format=fmt)
    return out.getvalue()


def upload(live, files: list[bytes], token: str | None = ALICE, method: str = "images.bulk.upload"):
    parts = [(f"{i}-file", (str(i), data, "image/*")) for i, data in enumerate(files)]
    headers = {"x-api-key": token} if token else {}
    return live.http.post(f"/public/api/v3/{method}", files=parts, headers=headers)

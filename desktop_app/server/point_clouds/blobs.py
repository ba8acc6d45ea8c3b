"""Point-cloud files in the shared blob store (desktop_app/server/blobs), by the
SDK's hash: small helpers over it for callers that hold bytes."""

from __future__ import annotations

import base64
import hashlib
import io

from desktop_app.server import blobs
from desktop_app.server.settings import ServerSettings


def hash_of(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def blob_path(hash_: str) -> str | None:
    """The storage path of the blob with this hash; None for a string that is no such hash."""
    return blobs.storage_path(hash_) if blobs.hex_of(hash_) is not None else None


def put_blob(settings: ServerSettings, data: bytes) -> str:
    """Store `data` (once per content); returns its hash."""
    return blobs.save(settings, io.BytesIO(data)).hash

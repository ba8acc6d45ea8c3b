"""Uploaded point-cloud files, stored once by content under the storage folder
(blobs/ab/<sha256 hex>), and named by the hash the SDK computes itself:
base64 of the SHA-256 (supervisely.io.fs.get_file_hash). The SDK asks which
hashes the server has (images.internal.hashes.list), uploads the others
(point-clouds.bulk.upload) and then adds items by hash (point-clouds.bulk.add)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from desktop_app.server.images.source import write_atomically


def hash_of(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def blob_path(hash_: str) -> str | None:
    """The storage path of the blob with this hash; None for a string that is no SHA-256 hash."""
    try:
        digest = base64.b64decode(hash_, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(digest) != 32:
        return None
    hex_ = digest.hex()
    return f"blobs/{hex_[:2]}/{hex_}"


def blob_file(storage_dir: Path, hash_: str) -> Path | None:
    path = blob_path(hash_)
    return None if path is None else Path(storage_dir) / path


def has_blob(storage_dir: Path, hash_: str) -> bool:
    path = blob_file(storage_dir, hash_)
    return path is not None and path.is_file()


def put_blob(storage_dir: Path, data: bytes) -> str:
    """Store `data` unless it is there already; returns its hash."""
    hash_ = hash_of(data)
    path = blob_file(storage_dir, hash_)
    assert path is not None
    if not path.is_file():
        write_atomically(path, data)
    return hash_

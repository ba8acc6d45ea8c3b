"""The content-addressed file store; see the package docstring for the API."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop_app.server.settings import ServerSettings

FOLDER = "blobs"
CHUNK = 1024 * 1024  # bytes read at a time: a large video is never held in memory whole


@dataclass(frozen=True)
class Blob:
    hash: str  # the SDK's hash: base64 of the SHA-256 digest
    size: int  # bytes
    path: Path  # the stored file


def hex_of(hash: str) -> str | None:
    """The hex digest behind an SDK hash, or None when `hash` is not one."""
    if not isinstance(hash, str) or len(hash) != 44:
        return None
    try:
        digest = base64.b64decode(hash, validate=True)
    except (binascii.Error, ValueError):
        return None
    return digest.hex() if len(digest) == 32 else None


def storage_path(hash: str) -> str:
    """Where the blob lives, relative to the storage folder (for `Image.storage_path`)."""
    hex_digest = hex_of(hash)
    if hex_digest is None:
        raise ValueError(f"{hash!r} is not a base64 SHA-256 hash")
    return f"{FOLDER}/{hex_digest[:2]}/{hex_digest}"


def path_of(settings: ServerSettings, hash: str) -> Path | None:
    """The stored file of `hash`, or None when the store does not have it."""
    if hex_of(hash) is None:
        return None
    path = Path(settings.storage_dir) / storage_path(hash)
    return path if path.is_file() else None


def exists(settings: ServerSettings, hash: str) -> bool:
    return path_of(settings, hash) is not None


def known(settings: ServerSettings, hashes: Iterable[str]) -> list[str]:
    """The hashes among `hashes` that the store has, in their order, each once."""
    seen: set[str] = set()
    out = []
    for h in hashes:
        if h not in seen and exists(settings, h):
            out.append(h)
        seen.add(h)
    return out


def save(settings: ServerSettings, stream: BinaryIO) -> Blob:
    """Store what `stream` holds (read to its end) and return its hash.

    The bytes go to a temporary file in the store first and are renamed into
    place, so a reader never sees a half-written blob and two uploads of the
    same content at once both end with the one whole file."""
    root = Path(settings.storage_dir) / FOLDER
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        hash = base64.b64encode(digest.digest()).decode()
        final = Path(settings.storage_dir) / storage_path(hash)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return Blob(hash=hash, size=size, path=final)

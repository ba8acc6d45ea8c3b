"""Uploaded files, stored once by the hash of their content, whatever they are
(images, videos, point clouds).

The hash is the SDK's (`supervisely.io.fs.get_file_hash`): the standard
base64 of the SHA-256 digest, 44 characters. A blob lives at
`<storage>/blobs/<hex[:2]>/<hex>` (hex of the digest: base64 has "/" in it),
a path relative to the storage folder that `Image.storage_path` can hold, so
the storage and preview routes serve an item made from a blob unchanged.

The whole API:
- `save(settings, stream) -> Blob`: copy a readable binary stream into the
  store, hashing it on the way; the same content twice is stored once.
- `exists(settings, hash) -> bool` and `known(settings, hashes) -> list[str]`.
- `path_of(settings, hash) -> Path | None`: the file, None if not stored.
- `storage_path(hash) -> str`: the value for `Image.storage_path`.
- `hex_of(hash) -> str | None`: None for a string that is no such hash.

Blobs are never deleted: deleting an item leaves its file (another item, or a
later upload by hash, may use it). Nothing here touches the database."""

from desktop_app.server.blobs.store import (
    Blob,
    exists,
    hex_of,
    known,
    path_of,
    save,
    storage_path,
)

__all__ = ["Blob", "exists", "hex_of", "known", "path_of", "save", "storage_path"]

"""Thumbnails kept on disk between sessions, keyed by their URL, with the
server's ETag: a second session paints them without asking the server.

The key is the URL without its signature (`/s/<expires>/<sig>/`, which
changes daily on the bundled server, wire-contract.md 5.5): an item's file
never changes under its id, so a stored file is trusted as is. After a
refresh (F5: "show what the server has now") each one is asked again once
with If-None-Match: an unchanged one costs a 304, no bytes.
One folder per server; a file is the ETag line then the bytes, written to a
temporary name and renamed (a crash never leaves half a file). The folder is
kept under `MAX_BYTES` by dropping the least recently written files, checked
every `PRUNE_EVERY` writes (not on each: a folder scan per thumbnail is slow)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

MAX_BYTES = 512 * 1024**2
PRUNE_EVERY = 200

SIGNATURE = re.compile(r"/s/\d+/[0-9a-f]+/")

FetchFile = Callable[[str, "str | None"], Awaitable[tuple["bytes | None", "str | None"]]]


class PreviewDiskCache:
    def __init__(self, root: Path, server: str, max_bytes: int = MAX_BYTES) -> None:
        self.folder = Path(root) / hashlib.sha256(server.encode()).hexdigest()[:16]
        self.max_bytes = max_bytes
        self._writes = 0

    def path(self, url: str) -> Path:
        name = hashlib.sha256(SIGNATURE.sub("/", url, count=1).encode()).hexdigest()
        return self.folder / name[:2] / name[2:32]

    def get(self, url: str) -> tuple[bytes, str] | None:
        """(bytes, ETag) stored for `url`, or None."""
        try:
            raw = self.path(url).read_bytes()
        except OSError:
            return None
        etag, newline, data = raw.partition(b"\n")
        return (data, etag.decode("latin-1")) if newline and data else None

    def put(self, url: str, data: bytes, etag: str | None) -> None:
        path = self.path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes((etag or "").encode("latin-1", "replace") + b"\n" + data)
        partial.replace(path)
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self.prune()

    def prune(self) -> None:
        files = []
        for entry in self.folder.glob("*/*"):
            try:
                stat = entry.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, entry))
        total = sum(size for _, size, _ in files)
        for _, size, entry in sorted(files):
            if total <= self.max_bytes:
                break
            entry.unlink(missing_ok=True)
            total -= size


class CachedPreviews:
    """`bytes_at(url)` for the thumbnail loader: from disk when stored, else from the server
    (and stored). Disk work runs in a worker thread."""

    def __init__(self, fetch_file: FetchFile, cache: PreviewDiskCache) -> None:
        self._fetch_file = fetch_file
        self.cache = cache
        self._revalidate = False
        self._checked: set[str] = set()  # URLs asked again since the last refresh

    def revalidate(self) -> None:
        """A refresh: from now on each stored preview is checked with the server once."""
        self._revalidate = True
        self._checked.clear()

    async def bytes_at(self, url: str) -> bytes:
        stored = await asyncio.to_thread(self.cache.get, url)
        if stored is not None and (not self._revalidate or url in self._checked):
            return stored[0]
        data, etag = await self._fetch_file(url, stored[1] if stored is not None and stored[1] else None)
        if self._revalidate:
            self._checked.add(url)
        if data is None:  # 304: the stored copy is current
            assert stored is not None
            await asyncio.to_thread(os.utime, self.cache.path(url))  # recently used: kept longest
            return stored[0]
        try:
            await asyncio.to_thread(self.cache.put, url, data, etag)
        except OSError:  # a full or read-only disk costs the next session a fetch, not this thumbnail
            pass
        return data

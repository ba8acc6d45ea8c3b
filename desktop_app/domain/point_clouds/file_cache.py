"""Downloaded .pcd files kept on disk, so opening a cloud again (or stepping
back to it) does not download it again. One folder per server; a file is
trusted when its size is the one the server reports. Written to a temporary
name and renamed, so a crash never leaves half a file under the real name.
The folder is kept under `MAX_BYTES` by dropping the least recently used."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
MAX_BYTES = 2 * 1024**3


class FileCache:
    def __init__(self, root: Path, server: str, max_bytes: int = MAX_BYTES) -> None:
        self.folder = root / hashlib.sha256(server.encode()).hexdigest()[:16]
        self.max_bytes = max_bytes

    def path(self, item_id: int, suffix: str = ".pcd") -> Path:
        return self.folder / f"{item_id}{suffix}"

    def get(self, item_id: int, size: int | None) -> Path | None:
        """The cached file, when there is one of the expected size (any size when unknown)."""
        path = self.path(item_id)
        try:
            stat = path.stat()
        except OSError:
            return None
        if size is not None and stat.st_size != size:
            return None
        os.utime(path)  # recently used: kept longest
        return path

    def put(self, item_id: int, data: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(item_id)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
        self._prune(keep=path)
        return path

    def _prune(self, keep: Path) -> None:
        files = []
        for entry in self.folder.iterdir():
            try:
                files.append((entry.stat().st_mtime, entry.stat().st_size, entry))
            except OSError:
                continue
        total = sum(size for _, size, _ in files)
        for _, size, entry in sorted(files):
            if total <= self.max_bytes:
                break
            if entry != keep:
                entry.unlink(missing_ok=True)
                total -= size
                log.debug("dropped %s from the point cloud cache", entry.name)

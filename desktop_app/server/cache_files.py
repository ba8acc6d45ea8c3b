"""Files in the server's cache folder (previews, rendered demo originals,
video frames): written atomically, bounded in total size, and never the
reason a request fails.

- Bound: ServerSettings.max_cache_bytes (default 1 GB). A running total is
  kept per cache folder (one walk of the folder the first time); when a write
  takes it over the bound, the oldest files (by modification time) go until
  it is under 90% of it. Another server process on the same folder keeps its
  own total, so the bound is approximate there.
- Full disk (ENOSPC): a cache file is only a copy, so the answer is served
  from memory and the write skipped (logged); the cache is trimmed to half
  its bound to give the disk back. A caller that needs the file on disk
  (required=True, a demo clip) gets the OSError, which the server answers 507."""

from __future__ import annotations

import errno
import logging
import os
import tempfile
import threading
from pathlib import Path

log = logging.getLogger("desktop_app.server")
_lock = threading.Lock()
_totals: dict[Path, int] = {}
TMP_PREFIX = ".tmp-"


def write_atomically(path: Path, data: bytes) -> None:
    """Readers in other processes see either no file or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_cached(settings, path: Path, data: bytes, *, required: bool = False) -> None:
    """Write a cache file under settings.cache_dir, keeping the folder within its bound."""
    root = Path(settings.cache_dir)
    try:
        write_atomically(path, data)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        log.warning("disk full: %s not cached; trimming the cache", path.name)
        with _lock:
            _totals[root] = _trim(root, settings.max_cache_bytes // 2)
        if required:
            raise
        return
    with _lock:
        total = _totals.get(root)
        total = _folder_size(root) if total is None else total + len(data)
        if total > settings.max_cache_bytes:
            total = _trim(root, settings.max_cache_bytes * 9 // 10)
        _totals[root] = total


def _files(root: Path) -> list[tuple[float, int, Path]]:
    """(modified, size, path) of every finished cache file."""
    out = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name.startswith(TMP_PREFIX):
                continue  # being written right now
            path = Path(folder) / name
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            out.append((st.st_mtime, st.st_size, path))
    return out


def _folder_size(root: Path) -> int:
    return sum(size for _, size, _ in _files(root))


def _trim(root: Path, target: int) -> int:
    """Delete the oldest files until at most `target` bytes are left; the bytes left."""
    files = sorted(_files(root), key=lambda f: f[0])
    total = sum(size for _, size, _ in files)
    for _mtime, size, path in files:
        if total <= target:
            break
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        total -= size
    return total

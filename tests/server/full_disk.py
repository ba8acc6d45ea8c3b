"""A full disk for the server's file writes. A real full disk cannot be made
in a test (no spare file system to fill, no root to mount one), so the write
of a file is patched to fail the way the kernel fails it: OSError(ENOSPC)."""

from __future__ import annotations

import errno
import os
from types import SimpleNamespace


class _FullFile:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *_exc) -> None:
        os.close(self.fd)


def disk_full(monkeypatch, module: str) -> None:
    """Every file `module` writes through os.fdopen fails with ENOSPC."""
    fake_os = SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
    fake_os.fdopen = lambda fd, *_a, **_k: _FullFile(fd)
    monkeypatch.setattr(f"{module}.os", fake_os)

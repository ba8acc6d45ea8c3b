"""The export folder appears whole or not at all: everything is written into a
hidden sibling (`.<name>.partial-<random>`) that is renamed to the final name
only at the end; on an error or a cancel the partial folder is removed."""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from pathlib import Path

from desktop_app.shared.export_formats.records import ExportFailed


def in_words(exc: OSError, where: Path) -> ExportFailed:
    if exc.errno == errno.ENOSPC:
        return ExportFailed(f"The disk holding {where} is full; nothing was exported.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportFailed(f"Cannot write in {where}: permission denied; nothing was exported.")
    return ExportFailed(f"Cannot write in {where}: {exc.strerror or exc}; nothing was exported.")


def free_name(parent: Path, name: str) -> Path:
    """`parent/name`, or `name (2)`, `name (3)`... if that is taken: an export never overwrites."""
    candidate, n = parent / name, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{name} ({n})"
    return candidate


class StagedFolder:
    """`with StagedFolder(parent, name) as root: ...write into root...; final = staged.commit()`."""

    def __init__(self, parent: Path, name: str) -> None:
        self.parent = Path(parent).expanduser()
        if not self.parent.is_dir():
            raise ExportFailed(f"The folder {self.parent} does not exist.")
        self.name = name
        self.root = self.parent / f".{name}.partial-{uuid.uuid4().hex[:8]}"
        self.final: Path | None = None

    def __enter__(self) -> Path:
        try:
            self.root.mkdir()
        except OSError as exc:
            raise in_words(exc, self.parent) from None
        return self.root

    def commit(self) -> Path:
        final = free_name(self.parent, self.name)
        try:
            os.rename(self.root, final)
        except OSError as exc:
            raise in_words(exc, self.parent) from None
        self.final = final
        return final

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.final is None:  # not committed: an error, a cancel, or a commit that failed
            shutil.rmtree(self.root, ignore_errors=True)

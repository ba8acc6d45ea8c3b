from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    data_dir: Path  # holds storage/ (uploaded originals) and cache/ (rendered previews)

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

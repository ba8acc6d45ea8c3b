from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    data_dir: Path  # holds storage/ (uploaded originals) and cache/ (rendered previews)
    # Signs storage URLs; None: the one kept in data_dir (create_app fills it in).
    url_secret: str | None = field(default=None, repr=False)

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

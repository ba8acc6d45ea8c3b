from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    data_dir: Path  # holds storage/ (uploaded originals) and cache/ (rendered previews)
    # Signs storage URLs; None: the one kept in data_dir (create_app fills it in).
    url_secret: str | None = field(default=None, repr=False)
    max_json_body: int = 32 * 1024 * 1024  # bytes; larger JSON bodies are answered 413 (body_limit.py)
    max_cache_bytes: int = 1024 * 1024 * 1024  # previews, frames, demo originals; oldest out first (cache_files.py)
    max_upload_body: int = 2048 * 1024 * 1024  # bytes, one multipart request (the SDK sends 50 files)

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

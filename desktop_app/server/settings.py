from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    data_dir: Path  # holds storage/ (uploaded originals) and cache/ (rendered previews)
    max_json_body: int = 32 * 1024 * 1024  # bytes; larger JSON bodies are answered 413 (body_limit.py)
    max_cache_bytes: int = 1024 * 1024 * 1024  # previews, frames, demo originals; oldest out first (cache_files.py)
    max_upload_body: int = 2048 * 1024 * 1024  # bytes, one multipart request (the SDK sends 50 files)

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

"""The app's own folders (per user, per OS conventions)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "collections-desk"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path  # settings and saved profiles (never tokens)
    data_dir: Path  # the embedded server's database and images, the outbox
    cache: Path | None = None  # files kept only to be reused (downloaded videos); default: data_dir / "cache"

    @classmethod
    def default(cls) -> AppPaths:
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME)),
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
        )

    @property
    def cache_dir(self) -> Path:
        return self.cache if self.cache is not None else self.data_dir / "cache"

    @property
    def profiles_file(self) -> Path:
        return self.config_dir / "profiles.json"

    @property
    def token_file(self) -> Path:
        """Used only when no OS keyring is available; kept with 0600 permissions."""
        return self.config_dir / "tokens.json"

    @property
    def embedded_server_dir(self) -> Path:
        return self.data_dir / "server"

    def outbox_file(self, server: str | None) -> Path:
        """One outbox per server, so edits queued for one are never sent to another after a switch.
        None is the embedded server (its port changes every start; it keeps the old file name)."""
        if server is None:
            return self.data_dir / "outbox.sqlite"
        digest = hashlib.sha256(server.encode("utf-8")).hexdigest()[:16]
        return self.data_dir / f"outbox-{digest}.sqlite"

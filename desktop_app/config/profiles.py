"""Saved server profiles: name, address and user login, in a JSON settings
file. The token of a profile is kept by the TokenStore, never in this file."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_app.api.server_address import normalize_server_address

from .tokens import TokenStore

PROFILE_NAME_MAX = 100  # a saved connection profile: a short local label, not a platform name


@dataclass(frozen=True)
class Profile:
    name: str
    address: str
    login: str = ""


class ProfileStore:
    def __init__(self, settings_file: Path, tokens: TokenStore) -> None:
        self._file = settings_file
        self.tokens = tokens

    @property
    def token_storage(self) -> str:
        return self.tokens.storage

    def list(self) -> list[Profile]:
        return [Profile(**p) for p in self._read()["profiles"]]

    def get(self, name: str) -> Profile | None:
        return next((p for p in self.list() if p.name == name), None)

    def token(self, name: str) -> str | None:
        return self.tokens.get(name)

    def save(self, profile: Profile, token: str | None = None) -> Profile:
        """Add or replace a profile by name; a given token replaces the stored one."""
        name = profile.name.strip()
        if not name or len(name) > PROFILE_NAME_MAX:
            raise ValueError(f"a profile name needs 1 to {PROFILE_NAME_MAX} characters")
        profile = Profile(name, normalize_server_address(profile.address), profile.login.strip())
        data = self._read()
        data["profiles"] = [p for p in data["profiles"] if p["name"] != name] + [asdict(profile)]
        self._write(data)
        if token:
            self.tokens.set(name, token)
        return profile

    def remove(self, name: str) -> None:
        data = self._read()
        data["profiles"] = [p for p in data["profiles"] if p["name"] != name]
        if data.get("last_used") == name:
            data["last_used"] = None
        self._write(data)
        self.tokens.delete(name)

    def last_used(self) -> Profile | None:
        name = self._read().get("last_used")
        return self.get(name) if name else None

    def mark_used(self, name: str) -> None:
        if self.get(name) is None:
            raise KeyError(f"no profile named {name!r}")
        data = self._read()
        data["last_used"] = name
        self._write(data)

    def use_embedded(self) -> None:
        """The embedded server is the start-up default again (no saved profile is "last used")."""
        data = self._read()
        data["last_used"] = None
        self._write(data)

    def _read(self) -> dict:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        fields = set(Profile.__dataclass_fields__)
        profiles = [
            {k: str(v) for k, v in p.items() if k in fields}
            for p in data.get("profiles", [])
            if isinstance(p, dict) and p.get("name") and p.get("address")
        ]
        return {"version": 1, "last_used": data.get("last_used"), "profiles": profiles}

    def _write(self, data: dict) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(tmp, self._file)

"""API tokens, kept out of every settings file.

Tokens live in the OS keyring (service "collections-desk", user name = profile
name). When no usable keyring exists (keyring's `fail` or `null` backend, or a
chainer with nothing to chain, as on a headless Linux box), they go to a JSON
file readable by the owner only (0600) in the config folder, and
`storage == "file"` tells the UI to say so."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Literal

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "collections-desk"
log = logging.getLogger(__name__)

TokenStorage = Literal["keyring", "file"]


def keyring_usable(backend: KeyringBackend) -> bool:
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(keyring_usable(b) for b in backend.backends)
    return True


class TokenStore:
    def __init__(self, fallback_file: Path, backend: KeyringBackend | None = None) -> None:
        self._file = fallback_file
        self._backend = backend or keyring.get_keyring()
        self.storage: TokenStorage = "keyring" if keyring_usable(self._backend) else "file"

    def get(self, profile: str) -> str | None:
        if self.storage == "keyring":
            try:
                return self._backend.get_password(SERVICE, profile)
            except KeyringError as exc:
                log.warning("keyring read failed for profile %r: %s", profile, type(exc).__name__)
                return None
        return self._read_file().get(profile)

    def set(self, profile: str, token: str) -> None:
        if self.storage == "keyring":
            try:
                self._backend.set_password(SERVICE, profile, token)
                return
            except KeyringError as exc:  # e.g. a locked or refusing keyring
                log.warning("keyring refused the token (%s); using the private token file", type(exc).__name__)
                self.storage = "file"
        tokens = self._read_file()
        tokens[profile] = token
        self._write_file(tokens)

    def delete(self, profile: str) -> None:
        if self.storage == "keyring":
            try:
                self._backend.delete_password(SERVICE, profile)
            except PasswordDeleteError:
                pass  # nothing stored: nothing to delete
            return
        tokens = self._read_file()
        if tokens.pop(profile, None) is not None:
            self._write_file(tokens)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}

    def _write_file(self, tokens: dict[str, str]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self._file.with_suffix(".tmp")
        # Created 0600 from the start: the token is never readable by others, not even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tokens, f)
        os.chmod(tmp, 0o600)  # in case the file existed with looser bits
        os.replace(tmp, self._file)

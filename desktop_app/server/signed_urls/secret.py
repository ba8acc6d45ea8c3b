"""The secret that signs storage URLs.

Generated once per data folder and kept there (0600), so signed URLs survive
a restart. Several server processes sharing one database (PostgreSQL) must
agree on it: give them the same data folder or the same
DESKTOP_APP_SERVER_URL_SECRET environment variable (`settings.url_secret`)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

SECRET_ENV = "DESKTOP_APP_SERVER_URL_SECRET"
SECRET_FILE = "url-signing-secret"
MIN_LENGTH = 32  # characters; a shorter secret could be guessed


class BadSecret(ValueError):
    """The configured secret cannot be used (too short)."""


def checked(secret: str) -> str:
    if len(secret.strip()) < MIN_LENGTH:
        raise BadSecret(f"the URL signing secret must be at least {MIN_LENGTH} characters long")
    return secret.strip()


def load_or_create(data_dir: Path) -> str:
    """The secret in `data_dir`, created on first use (0600, never overwritten)."""
    path = data_dir / SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        return checked(path.read_text(encoding="ascii"))
    tmp = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32))
    try:
        # link() fails when another process made the file first: theirs wins,
        # so two processes starting together on one data folder agree.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink()
    return checked(path.read_text(encoding="ascii"))

"""The app's own API token for its embedded server, one per data folder.

Generated on first use and kept next to the database in a file only the
owner can read (0600). The server stores tokens hashed, so it cannot tell
the app an existing token: the app brings this one on every start."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TOKEN_FILE = "app-token"


def app_token(data_dir: Path) -> str:
    path = data_dir / TOKEN_FILE
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        token = ""
    if token:
        return token
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_hex(32)
    tmp = path.with_suffix(".tmp")
    # Created 0600 from the start: never readable by others, not even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
    os.chmod(tmp, 0o600)  # in case the file existed with looser bits
    os.replace(tmp, path)
    return token

"""API tokens: random, long, shown once, stored as a SHA-256 digest.

A token has 256 random bits, so a plain hash is enough (no slow key
derivation); the digest is looked up by index and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import User


def new_token() -> str:
    return secrets.token_hex(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_token(user: User, token: str | None = None) -> str:
    """Give the user `token` (a new random one when None); returns it in plain text."""
    token = token or new_token()
    user.token_digest = token_digest(token)
    return token


def user_with_token(session: Session, token: str) -> User | None:
    """The user whose token this is, or None."""
    digest = token_digest(token)
    user = session.scalar(select(User).where(User.token_digest == digest))
    if user is None or not hmac.compare_digest(user.token_digest, digest):
        return None
    return user

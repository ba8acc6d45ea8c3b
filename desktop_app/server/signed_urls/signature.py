"""Signing and checking storage paths.

The signature covers the expiry and the path after /storage/ (kind and file
name, e.g. "images/101.jpg"), so one item's signature never opens another's.
It sits inside the path, not in a query string: the SDK and the app build
preview URLs by appending the whole path after /previews/.../plain.

Expiries are rounded to the end of the next UTC day: the same item gets the
same URL for a whole day (HTTP and app caches keep working) and every URL
handed out stays valid for at least 24 hours."""

from __future__ import annotations

import hmac
import time

from desktop_app.server.errors import Forbidden

DAY = 86400
SIGNATURE_CHARS = 32  # hex: 128 bits
PREFIX = "/storage/"
SIGNED = "s"  # /storage/s/<expires>/<sig>/<kind>/<file>


def expiry_for(now: float) -> int:
    """The end of tomorrow (UTC), as Unix seconds: between 24 and 48 h away."""
    return (int(now) // DAY + 2) * DAY


def signature(secret: str, expires: int, tail: str) -> str:
    # hmac.digest with the name "sha256": OpenSSL's one-shot HMAC (a hash constructor
    # takes the pure-Python path), the same bytes as hmac.new(...).digest()
    # without building an HMAC object per call (a listing page signs 1,000 paths)
    return hmac.digest(secret.encode(), f"{expires}/{tail}".encode(), "sha256").hex()[:SIGNATURE_CHARS]


def sign_path(secret: str, path: str, *, now: float | None = None, expires: int | None = None) -> str:
    """ "/storage/images/101.jpg" -> "/storage/s/<expires>/<sig>/images/101.jpg"."""
    if not path.startswith(PREFIX):
        raise ValueError(f"not a storage path: {path!r}")
    tail = path.removeprefix(PREFIX)
    if expires is None:
        expires = expiry_for(time.time() if now is None else now)
    return f"{PREFIX}{SIGNED}/{expires}/{signature(secret, expires, tail)}/{tail}"


def check(secret: str, expires: str | None, sig: str | None, tail: str, *, now: float | None = None) -> None:
    """Raise Forbidden unless `sig` signs `tail` until `expires`, which has not passed."""
    if expires is None or sig is None:
        raise Forbidden("storage URLs must be signed: take pathOriginal or fullStorageUrl from the item's info")
    if not expires.isdigit() or len(expires) > 12:
        raise Forbidden("the storage URL's expiry is not valid")
    if not hmac.compare_digest(sig, signature(secret, int(expires), tail)):
        raise Forbidden("the storage URL's signature is not valid")
    if int(expires) < (time.time() if now is None else now):
        raise Forbidden("the storage URL has expired: ask for the item's info again for a fresh one")

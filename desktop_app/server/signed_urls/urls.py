"""What the JSON answers use to hand out storage paths: signed paths and
absolute URLs on the address the caller reached the server at."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.server.signed_urls.signature import expiry_for, sign_path


@dataclass(frozen=True)
class StorageUrls:
    base_url: str  # e.g. "http://127.0.0.1:8000"
    secret: str = field(repr=False)
    now: float = 0.0  # the answer's time: every path of one answer gets the same expiry

    def path(self, raw: str) -> str:
        """ "/storage/images/101.jpg" -> its signed form."""
        return sign_path(self.secret, raw, expires=expiry_for(self.now))

    def full(self, path: str) -> str:
        return self.base_url + path

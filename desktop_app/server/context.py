"""What every v3 handler works with: the request body base model and the
request context (database session, authenticated user, settings)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, StrictInt
from sqlalchemy.orm import Session

from desktop_app.server.db.models import User
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.urls import StorageUrls


class Req(BaseModel):
    """Base for request bodies: unknown keys are ignored, as the SDK sends many."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


@dataclass
class Ctx:
    """One request: its transaction, its caller and where the server is reachable."""

    session: Session
    user: User
    base_url: str  # e.g. "http://127.0.0.1:8000", for absolute storage URLs
    settings: ServerSettings

    @property
    def urls(self) -> StorageUrls:
        """Signed storage paths for the items this answer shows (the caller can see them)."""
        secret = self.settings.url_secret
        assert secret, "create_app sets the URL signing secret"
        return StorageUrls(self.base_url, secret, time.time())


class Empty(Req):
    """A body with nothing in it (or no body at all)."""


class IdReq(Req):
    id: StrictInt

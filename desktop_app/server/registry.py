"""Method registry: each v3 method is a plain function taking (ctx, request model).

Handlers run synchronously inside one database transaction per request, in
FastAPI's thread pool; the dispatcher in app.py looks them up by name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from .models import User


class Req(BaseModel):
    """Base for request bodies: unknown keys are ignored, as the SDK sends many."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


@dataclass(frozen=True)
class RawResponse:
    """A handler returns this instead of JSON to answer with raw bytes (images.download)."""

    content: bytes
    media_type: str


@dataclass
class Ctx:
    session: Session
    user: User
    base_url: str  # e.g. "http://127.0.0.1:8000", for absolute storage URLs
    settings: Any  # ServerSettings


@dataclass
class MethodSpec:
    name: str
    model: type[Req]
    handler: Callable[[Ctx, Any], Any]
    auth: bool = True
    writes: bool = False  # writers take SQLite's write lock up front (BEGIN IMMEDIATE)


# Last segments of method names that change data; others only read.
WRITE_VERBS = {"add", "remove", "editInfo", "set-status", "update", "upload", "take", "submit",
               "accept", "reject"}

METHODS: dict[str, MethodSpec] = {}


def method(name: str, model: type[Req], *, auth: bool = True, writes: bool | None = None):
    def register(fn: Callable[[Ctx, Any], Any]):
        if name in METHODS:
            raise RuntimeError(f"method {name} registered twice")
        is_write = name.rsplit(".", 1)[-1] in WRITE_VERBS if writes is None else writes
        METHODS[name] = MethodSpec(name, model, fn, auth, is_write)
        return fn

    return register

"""Async client of the Supervisely public API v3 (httpx only, no Qt).

Start with `ApiClient` (client.py); errors are in errors.py, records in
records.py and annotation_records.py, chunked collection edits in bulk.py."""

from .client import ApiClient
from .errors import (
    ApiError,
    BadResponse,
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PaginationError,
    RateLimited,
    Unavailable,
)

__all__ = [
    "ApiClient",
    "ApiError",
    "BadResponse",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "NotAuthenticated",
    "NotFound",
    "PaginationError",
    "RateLimited",
    "Unavailable",
]

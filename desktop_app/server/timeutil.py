from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso(dt: datetime | None) -> str | None:
    """Timestamps on the wire look like Supervisely's: 2026-11-28T12:00:00.000Z.

    A listing formats two per row and rows imported together share them, so
    the strings are cached; isoformat is C and truncates to milliseconds."""
    if dt is None:
        return None
    return _iso(dt)


@lru_cache(maxsize=16384)
def _iso(dt: datetime) -> str:
    if dt.tzinfo is not None:  # the database keeps naive UTC; an aware value is turned into that
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.isoformat(timespec="milliseconds") + "Z"


def parse_iso(value: str) -> datetime:
    text = value.strip().replace("Z", "+00:00")
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt

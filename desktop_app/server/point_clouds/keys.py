"""UUID keys of the point-cloud annotation JSON. Objects keep the key they were
sent with (annotation_objects.key); the annotation, its figures and tags have
no stored key, so theirs are derived from their ids: the same on every download."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("5b1f6a52-8f0e-4c1e-9d59-0c6e2b7e8a41")  # this server's, fixed forever


def derived_key(kind: str, id_: int) -> str:
    return uuid.uuid5(NAMESPACE, f"{kind}:{id_}").hex


def clean_key(value: object) -> str | None:
    """The hex form of a UUID string, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value).hex
    except ValueError:
        return None

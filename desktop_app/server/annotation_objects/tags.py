"""Object tags: stored in annotation_objects.tags as
[{"id", "tagId", "name", "value", "key"?, "frameRange"?, "labelerLogin"?}].

An object tag has no row of its own, yet the SDK wants an id for each (its
KeyIdMap refuses an id twice, also across image tags and object tags). So an
object tag's id is OBJECT_TAG_ID_BASE + object id * 1024 + its number within
the object (1..1023): unique, stable, and above every 32-bit row id, so it can
never equal an image tag's id."""

from __future__ import annotations

from typing import Any

OBJECT_TAG_ID_BASE = 2**42  # still well inside the 2**53 that JSON numbers carry exactly
PER_OBJECT = 1024


def object_tag_id(object_id: int, number: int) -> int:
    return OBJECT_TAG_ID_BASE + object_id * PER_OBJECT + number


def numbered(object_id: int, existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`new` tags with ids following those of `existing` ones."""
    used = [t["id"] - object_tag_id(object_id, 0) for t in existing if isinstance(t.get("id"), int)]
    start = max([0, *used]) + 1
    return [{**tag, "id": object_tag_id(object_id, start + i)} for i, tag in enumerate(new)]


def room_left(existing: list[dict[str, Any]], object_id: int) -> int:
    used = [t["id"] - object_tag_id(object_id, 0) for t in existing if isinstance(t.get("id"), int)]
    return PER_OBJECT - 1 - max([0, *used])

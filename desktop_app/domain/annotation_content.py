"""What an annotation says, independent of how a server spells it back.

`content_key(annotation_json)` is equal for an annotation as the editor sent
it and as annotations.info returns it after the save (ids, class ids,
authors, timestamps, sizes and the order of objects and tags ignored). The
annotation saver uses it to tell its own earlier save from someone else's.

Objects and tags are named by classTitle / tag name when given, else by id,
so the same content spelled once by title and once by id only counts as
different: a spurious conflict dialog, never a lost edit."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _num(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _points(raw: Any) -> list:
    return [[_num(c) for c in p] for p in raw or ()]


def _tag(tag: Any) -> list:
    if not isinstance(tag, dict):
        return [repr(tag)]
    name = tag.get("name")
    return [name if name else f"#{tag.get('tagId')}", _num(tag.get("value"))]


def _tags(raw: Any) -> list:
    return sorted((_tag(t) for t in raw or ()), key=json.dumps)


def _object(obj: Any) -> dict:
    if not isinstance(obj, dict):
        return {"raw": repr(obj)}
    points = obj.get("points") or {}
    return {
        "class": obj.get("classTitle") or f"#{obj.get('classId')}",
        "geometry": obj.get("geometryType") or obj.get("shape"),
        "exterior": _points(points.get("exterior")),
        "interior": [_points(ring) for ring in points.get("interior") or ()],
        "description": obj.get("description") or "",
        "tags": _tags(obj.get("tags")),
    }


def content_key(annotation: Any) -> str:
    """A short digest of the annotation's objects, image tags and description."""
    ann = annotation if isinstance(annotation, dict) else {}
    canonical = {
        "description": ann.get("description") or "",
        "tags": _tags(ann.get("tags")),
        "objects": sorted((_object(o) for o in ann.get("objects") or ()), key=json.dumps),
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=repr).encode()).hexdigest()[:32]

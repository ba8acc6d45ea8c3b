"""The `fields` of images.list: an answer with only the ImageInfo keys asked
for (e.g. a gallery's id, name, datasetId, size, labelsCount), so a listing
that needs a few keys reads only their columns, skips the tag query when
`tags` is not asked and formats no timestamps or URLs it does not send.

Without `fields` (or with an empty list, as the SDK's default) the answer is
the full ImageInfo of to_json.py, unchanged. An unknown name is refused (400)
rather than silently answered without it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column

from desktop_app.server.db.models import Image
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.paths import extension_for, storage_path_for
from desktop_app.server.signed_urls.urls import StorageUrls
from desktop_app.server.timeutil import iso

Tags = dict[int, list[dict[str, Any]]]
Getter = Callable[[Any, Tags, StorageUrls], Any]

# Wire key -> (the image columns it reads, how its value is made), in the full answer's order.
FIELDS: dict[str, tuple[tuple[str, ...], Getter]] = {
    "id": (("id",), lambda r, t, u: r.id),
    "name": (("name",), lambda r, t, u: r.name),
    "link": ((), lambda r, t, u: None),
    "hash": (("hash",), lambda r, t, u: r.hash),
    "mime": (("mime",), lambda r, t, u: r.mime),
    "ext": (("mime",), lambda r, t, u: extension_for(r.mime).lstrip(".")),
    "size": (("size",), lambda r, t, u: r.size),
    "width": (("width",), lambda r, t, u: r.width),
    "height": (("height",), lambda r, t, u: r.height),
    "labelsCount": (("labels_count",), lambda r, t, u: r.labels_count),
    "datasetId": (("dataset_id",), lambda r, t, u: r.dataset_id),
    "projectId": (("project_id",), lambda r, t, u: r.project_id),
    "createdAt": (("created_at",), lambda r, t, u: iso(r.created_at)),
    "updatedAt": (("updated_at",), lambda r, t, u: iso(r.updated_at)),
    "meta": (("meta",), lambda r, t, u: r.meta or {}),
    "pathOriginal": (("id", "mime"), lambda r, t, u: u.path(storage_path_for(r))),
    "fullStorageUrl": (("id", "mime"), lambda r, t, u: u.full(u.path(storage_path_for(r)))),
    "tags": (("id",), lambda r, t, u: t.get(r.id, [])),
    "createdBy": (("created_by",), lambda r, t, u: r.created_by),
    "description": (("description",), lambda r, t, u: r.description),
}


def asked_fields(fields: Sequence[str] | None) -> list[str] | None:
    """The keys an answer carries, in the full answer's order; None for the full ImageInfo."""
    if not fields:
        return None
    unknown = sorted(set(fields) - FIELDS.keys())
    if unknown:
        raise InvalidInput(f"unknown image fields {unknown}; allowed: {', '.join(FIELDS)}")
    asked = set(fields)
    return [key for key in FIELDS if key in asked]


def columns_for(keys: Sequence[str], always: Sequence[str] = ("id",)) -> list[Column[Any]]:
    """The image table columns a listing of `keys` must select (`always`: what paging needs)."""
    names = dict.fromkeys(always)
    for key in keys:
        names.update(dict.fromkeys(FIELDS[key][0]))
    return [Image.__table__.c[name] for name in names]


def partial_json(rows: Sequence[Any], keys: Sequence[str], tags: Tags, urls: StorageUrls) -> list[dict[str, Any]]:
    getters = [(key, FIELDS[key][1]) for key in keys]
    return [{key: get(row, tags, urls) for key, get in getters} for row in rows]

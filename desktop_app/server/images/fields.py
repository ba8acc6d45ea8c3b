"""The `fields` of images.list: an answer with only the ImageInfo keys asked
for (e.g. a gallery's id, name, datasetId, size, labelsCount), so a listing
that needs a few keys reads only their columns, skips the tag query when
`tags` is not asked and formats no timestamps or URLs it does not send.

Without `fields` (or with an empty list, as the SDK's default) the answer is
the full ImageInfo of to_json.py, unchanged. An unknown name is refused (400)
rather than silently answered without it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.sql.elements import KeyedColumnElement

from desktop_app.server.db.models import Image
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.paths import extension_for, storage_path_of
from desktop_app.server.signed_urls.urls import StorageUrls
from desktop_app.server.timeutil import iso

Tags = dict[int, list[dict[str, Any]]]
# A value made from the row's columns by name (`col(name)` reads one), the page's tags and URLs.
Maker = Callable[[Callable[[str], Any], Tags, StorageUrls], Callable[[Any], Any]]


def _plain(name: str) -> tuple[tuple[str, ...], Maker]:
    return (name,), lambda col, t, u: col(name)


def _storage_path(col: Callable[[str], Any], u: StorageUrls) -> Callable[[Any], str]:
    id_of, mime_of = col("id"), col("mime")
    return lambda r: u.path(storage_path_of(id_of(r), mime_of(r)))


def _maker_of(make: Callable[[Any], Any], *names: str) -> tuple[tuple[str, ...], Maker]:
    """A value computed from one column's value."""
    return names, lambda col, t, u: (lambda get: lambda r: make(get(r)))(col(names[0]))


def _tags(col: Callable[[str], Any], t: Tags, u: StorageUrls) -> Callable[[Any], Any]:
    id_of = col("id")
    return lambda r: t.get(id_of(r), [])


def _full_url(col: Callable[[str], Any], t: Tags, u: StorageUrls) -> Callable[[Any], Any]:
    path = _storage_path(col, u)
    return lambda r: u.full(path(r))


# Wire key -> (the image columns it reads, how its getter is made), in the full answer's order.
# Getters read rows by position (itemgetter): attribute access on a row costs more than the rest.
FIELDS: dict[str, tuple[tuple[str, ...], Maker]] = {
    "id": _plain("id"),
    "name": _plain("name"),
    "link": ((), lambda col, t, u: lambda r: None),
    "hash": _plain("hash"),
    "mime": _plain("mime"),
    "ext": _maker_of(lambda mime: extension_for(mime).lstrip("."), "mime"),
    "size": _plain("size"),
    "width": _plain("width"),
    "height": _plain("height"),
    "labelsCount": _plain("labels_count"),
    "datasetId": _plain("dataset_id"),
    "projectId": _plain("project_id"),
    "createdAt": _maker_of(iso, "created_at"),
    "updatedAt": _maker_of(iso, "updated_at"),
    "meta": _maker_of(lambda meta: meta or {}, "meta"),
    "pathOriginal": (("id", "mime"), lambda col, t, u: _storage_path(col, u)),
    "fullStorageUrl": (("id", "mime"), _full_url),
    "tags": (("id",), _tags),
    "createdBy": _plain("created_by"),
    "description": _plain("description"),
    "evaluation": (("eval_tp", "eval_fp", "eval_fn"), lambda col, t, u: evaluation_counts(col)),
}


def evaluation_counts(col: Callable[[str], Callable[[Any], Any]]) -> Callable[[Any], dict[str, int]]:
    """The item's evaluation counts (docs/evaluation-api.md), only when asked for."""
    tp, fp, fn = col("eval_tp"), col("eval_fp"), col("eval_fn")
    return lambda r: {"tp": tp(r), "fp": fp(r), "fn": fn(r)}


def asked_fields(fields: Sequence[str] | None) -> list[str] | None:
    """The keys an answer carries, in the full answer's order; None for the full ImageInfo."""
    if not fields:
        return None
    unknown = sorted(set(fields) - FIELDS.keys())
    if unknown:
        raise InvalidInput(f"unknown image fields {unknown}; allowed: {', '.join(FIELDS)}")
    asked = set(fields)
    return [key for key in FIELDS if key in asked]


def columns_for(keys: Sequence[str], always: Sequence[str] = ("id",)) -> list[KeyedColumnElement[Any]]:
    """The image table columns a listing of `keys` must select (`always`: what paging needs)."""
    names = dict.fromkeys(always)
    for key in keys:
        names.update(dict.fromkeys(FIELDS[key][0]))
    return [Image.__table__.c[name] for name in names]


def partial_json(
    rows: Sequence[Any], columns: Sequence[str], keys: Sequence[str], tags: Tags, urls: StorageUrls
) -> list[dict[str, Any]]:
    """The asked `keys` of each row; `columns` names the rows' columns in order."""
    if not rows:
        return []
    position = {name: i for i, name in enumerate(columns)}

    def col(name: str) -> Callable[[Any], Any]:
        return itemgetter(position[name])

    getters = [(key, FIELDS[key][1](col, tags, urls)) for key in keys]
    return [{key: get(row) for key, get in getters} for row in rows]

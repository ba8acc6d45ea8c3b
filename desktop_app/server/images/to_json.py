"""ImageInfo JSON (as in docs/wire-contract.md) for a batch of image rows.

Works on plain table rows (attribute access by column name) as well as ORM
objects, because listing pages of thousands of images through the ORM costs
more than the query. Image tags for the whole batch come from one query.
`fields` (fields.py) answers only some of the keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.collections.id_lists import id_values
from desktop_app.server.db.models import Image, ImageTag, TagMeta
from desktop_app.server.images.fields import asked_fields, partial_json
from desktop_app.server.images.paths import extension_for, storage_path_for, storage_path_of
from desktop_app.server.signed_urls.urls import StorageUrls
from desktop_app.server.timeutil import iso

CHUNK = 5000  # ids per IN (...) list; well below every database's parameter limit

# Columns a listing must select for image_json.
IMAGE_COLUMNS = tuple(Image.__table__.c)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def tags_by_image(session: Session, image_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Image tags as the wire shows them, grouped by image id."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    connection = session.connection()  # plain rows: the ORM's row handling costs more than the query
    for part in chunks(list(image_ids)):
        rows = connection.execute(
            select(
                ImageTag.id,
                ImageTag.image_id,
                ImageTag.tag_meta_id,
                TagMeta.name,
                ImageTag.value,
                ImageTag.labeler_login,
                ImageTag.created_at,
                ImageTag.updated_at,
            )
            .join(TagMeta, TagMeta.id == ImageTag.tag_meta_id)
            # the page's ids as one JSON parameter: a 1,000-bind IN list cost more to render than to run
            .where(ImageTag.image_id.in_(id_values(session, part)))
            .order_by(ImageTag.id)
        )
        # tuples unpacked by position: a row's attribute access by name costs more than the dict itself
        for tag_id, image_id, meta_id, name, value, login, created, updated in rows:
            out[image_id].append(
                {
                    "id": tag_id,
                    "tagId": meta_id,
                    "entityId": image_id,
                    "name": name,
                    "value": value,
                    "labelerLogin": login,
                    "createdAt": iso(created),
                    "updatedAt": iso(updated),
                }
            )
    return out


def image_json(img: Any, tags: list[dict[str, Any]], urls: StorageUrls) -> dict[str, Any]:
    path = urls.path(storage_path_for(img))
    return {
        "id": img.id,
        "name": img.name,
        "link": None,
        "hash": img.hash,
        "mime": img.mime,
        "ext": extension_for(img.mime).lstrip("."),
        "size": img.size,
        "width": img.width,
        "height": img.height,
        "labelsCount": img.labels_count,
        "datasetId": img.dataset_id,
        "projectId": img.project_id,
        "createdAt": iso(img.created_at),
        "updatedAt": iso(img.updated_at),
        "meta": img.meta or {},
        "pathOriginal": path,
        "fullStorageUrl": urls.full(path),
        "tags": tags,
        "createdBy": img.created_by,
        "description": img.description,
    }


def images_json(
    session: Session, images: Sequence[Any], urls: StorageUrls, fields: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """ImageInfo of each image; with `fields` only those keys (and no tag query unless `tags` is one)."""
    keys = asked_fields(fields)
    if keys is not None:
        tags = tags_by_image(session, [img.id for img in images]) if "tags" in keys else {}
        columns = list(images[0]._fields) if images else []  # plain rows of the listing's columns
        return partial_json(images, columns, keys, tags, urls)
    tags = tags_by_image(session, [img.id for img in images])
    if images and hasattr(images[0], "_fields"):  # a listing's plain rows
        return _rows_json(images, tags, urls)
    return [image_json(img, tags.get(img.id, []), urls) for img in images]


_ROW_COLUMNS = (
    "id name hash mime size width height labels_count dataset_id project_id "
    "created_at updated_at meta created_by description"
).split()


def _rows_json(rows: Sequence[Any], tags: dict[int, list[dict[str, Any]]], urls: StorageUrls) -> list[dict[str, Any]]:
    """image_json of plain rows, the same keys in the same order: the columns
    are taken by position in one C call per row, since reading 15 of a row's
    columns by name cost a listing page more than its query."""
    position = {name: i for i, name in enumerate(rows[0]._fields)}
    take = itemgetter(*(position[name] for name in _ROW_COLUMNS))
    out = []
    for row in rows:
        image_id, name, hash_, mime, size, width, height, labels, dataset_id, project_id, *rest = take(row)
        created, updated, meta, created_by, description = rest
        path = urls.path(storage_path_of(image_id, mime))
        out.append(
            {
                "id": image_id,
                "name": name,
                "link": None,
                "hash": hash_,
                "mime": mime,
                "ext": extension_for(mime).lstrip("."),
                "size": size,
                "width": width,
                "height": height,
                "labelsCount": labels,
                "datasetId": dataset_id,
                "projectId": project_id,
                "createdAt": iso(created),
                "updatedAt": iso(updated),
                "meta": meta or {},
                "pathOriginal": path,
                "fullStorageUrl": urls.full(path),
                "tags": tags.get(image_id, []),
                "createdBy": created_by,
                "description": description,
            }
        )
    return out

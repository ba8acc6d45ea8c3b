"""Adding items to a collection and removing them, all or nothing.

Rules (the platform's, see docs/wire-contract.md):
- An item may join a collection only if it is an item of the collection's
  project and of its data type (every item of a project is of the project's
  type: images, videos or point clouds, all rows of the images table).
- If any requested id is unknown, of another project or of another data type,
  nothing is added and those ids come back in `missing` (status 200: the SDK
  raises on a non-empty `missing` itself).
- Ids already in the collection are reported in `items` with their existing
  entry; they are never duplicated. Repeated ids within one request count once.
- At most collections.rules.MAX_IDS_PER_REQUEST ids per request (400 above).
- The collection's updatedAt moves whenever its items change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop_app.server.collections.rules import check_id_count, is_db_id
from desktop_app.server.db.models import Collection, CollectionItem, Image, Project
from desktop_app.server.timeutil import iso, utcnow


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _insert_ignoring_existing(session: Session):
    """INSERT that skips rows a concurrent request added first."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    return dialect.insert(CollectionItem).on_conflict_do_nothing(
        index_elements=[CollectionItem.collection_id, CollectionItem.image_id]
    )


def _lock(session: Session, coll: Collection) -> None:
    """Edits of one collection take turns (PostgreSQL: the collection row is
    locked until commit; SQLite writers are serialised already). Without it an
    add's read-back could miss a row a concurrent remove had just deleted, and
    two adds of the same ids in different orders could deadlock."""
    session.execute(select(Collection.id).where(Collection.id == coll.id).with_for_update())


def _entries_by_image(session: Session, coll: Collection, ids: list[int]) -> dict[int, CollectionItem]:
    if not ids:
        return {}
    rows = session.scalars(
        select(CollectionItem).where(CollectionItem.collection_id == coll.id, CollectionItem.image_id.in_(ids))
    )
    return {row.image_id: row for row in rows}


def _acceptable_ids(session: Session, coll: Collection, ids: list[int]) -> set[int]:
    """The ids that are items of the collection's own project (so of its type)."""
    project = session.get(Project, coll.project_id)
    wanted = [i for i in ids if is_db_id(i)]
    if project is None or not wanted:
        return set()
    return set(session.scalars(select(Image.id).where(Image.id.in_(wanted), Image.project_id == coll.project_id)))


def add_items(session: Session, coll: Collection, entries: list[tuple[int, dict[str, Any] | None]]) -> dict:
    """entries: (entity id, item meta or None) in request order."""
    check_id_count(entries, "entityIds")
    meta_of: dict[int, dict[str, Any] | None] = {}
    for entity_id, meta in entries:
        meta_of.setdefault(entity_id, meta)  # the first mention of a repeated id wins
    ids = list(meta_of)
    _lock(session, coll)
    acceptable = _acceptable_ids(session, coll, ids)
    missing = [i for i in ids if i not in acceptable]
    if missing:
        return {"items": [], "missing": [{"entityId": i} for i in missing]}
    existing = _entries_by_image(session, coll, ids)
    new = [i for i in ids if i not in existing]
    if new:
        now = utcnow()
        session.execute(
            _insert_ignoring_existing(session),
            # ascending ids: rows are locked in one order by every writer (images.bulk.remove too)
            [
                {"collection_id": coll.id, "image_id": i, "meta": meta_of[i] or {}, "created_at": now}
                for i in sorted(new)
            ],
        )
        coll.updated_at = now
        existing = _entries_by_image(session, coll, ids)
    items = [{"id": existing[i].id, "entityId": i, "createdAt": iso(existing[i].created_at)} for i in ids]
    return {"items": items, "missing": []}


def remove_items(session: Session, coll: Collection, entity_ids: list[int]) -> dict:
    check_id_count(entity_ids, "entityIds")
    ids = _unique(entity_ids)
    _lock(session, coll)
    present = _entries_by_image(session, coll, [i for i in ids if is_db_id(i)])
    if present:
        session.execute(
            delete(CollectionItem)
            .where(CollectionItem.id.in_([row.id for row in present.values()]))
            .execution_options(synchronize_session=False)
        )
        coll.updated_at = utcnow()
    return {
        "items": [{"id": present[i].id, "entityId": i} for i in ids if i in present],
        "missing": [{"entityId": i} for i in ids if i not in present],
    }


def item_counts(session: Session, collection_ids: list[int]) -> dict[int, int]:
    """Number of items per collection, for the `itemsCount` key."""
    if not collection_ids:
        return {}
    rows = session.execute(
        select(CollectionItem.collection_id, func.count())
        .where(CollectionItem.collection_id.in_(collection_ids))
        .group_by(CollectionItem.collection_id)
    )
    return dict(rows.all())

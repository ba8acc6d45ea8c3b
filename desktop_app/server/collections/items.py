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
- At most collections.rules.MAX_IDS_PER_ADD ids per add and per remove (the
  SDK sends all its ids in one request; 400 above); long id lists reach the
  database as one JSON parameter (id_lists.py).
- The collection's updatedAt moves whenever its items change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop_app.server.collections.id_lists import id_values, insert_entries
from desktop_app.server.collections.rules import MAX_IDS_PER_ADD, check_id_count, is_db_id
from desktop_app.server.db.models import Collection, CollectionItem, Image, Project
from desktop_app.server.timeutil import iso, utcnow

Entry = tuple[int, datetime]  # a collection entry's id and createdAt


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _lock(session: Session, coll: Collection) -> None:
    """Edits of one collection take turns (PostgreSQL: the collection row is
    locked until commit; SQLite writers are serialised already). Without it an
    add's read-back could miss a row a concurrent remove had just deleted, and
    two adds of the same ids in different orders could deadlock."""
    session.execute(select(Collection.id).where(Collection.id == coll.id).with_for_update())


def _entries_by_image(session: Session, coll: Collection, ids: list[int]) -> dict[int, Entry]:
    """(entry id, createdAt) of the ids in the collection: plain rows, no ORM
    objects (a 100,000-id add spent a third of its time building them)."""
    if not ids:
        return {}
    rows = session.execute(
        select(CollectionItem.image_id, CollectionItem.id, CollectionItem.created_at).where(
            CollectionItem.collection_id == coll.id, CollectionItem.image_id.in_(id_values(session, ids))
        )
    )
    return {image_id: (entry_id, created) for image_id, entry_id, created in rows}


def _unusable_ids(session: Session, coll: Collection, ids: list[int]) -> set[int]:
    """The ids that are not items of the collection's own project (so of its type)."""
    project = session.get(Project, coll.project_id)
    wanted = [i for i in ids if is_db_id(i)]
    if project is None or not wanted:
        return set(ids)
    # Only the unusable ids come back (none, usually), each looked up by its
    # primary key: reading every usable id back cost more than the insert.
    given = id_values(session, wanted).subquery()
    value = given.c[0]
    usable = select(Image.id).where(Image.id == value, Image.project_id == coll.project_id).exists()
    return set(session.scalars(select(value).where(~usable))) | {i for i in ids if not is_db_id(i)}


def _insert(session: Session, coll: Collection, ids: list[int], meta_of: dict, now: datetime) -> dict[int, Entry]:
    """One INSERT ... SELECT of every id (id_lists.py); answers the entries it made."""
    metas = [meta_of[i] or {} for i in ids] if any(meta_of[i] for i in ids) else None
    return {
        image_id: (entry_id, now) for image_id, entry_id in insert_entries(session, coll.id, ids, metas, now).items()
    }


def add_items(session: Session, coll: Collection, entries: list[tuple[int, dict[str, Any] | None]]) -> dict:
    """entries: (entity id, item meta or None) in request order."""
    check_id_count(entries, "entityIds", limit=MAX_IDS_PER_ADD)
    meta_of: dict[int, dict[str, Any] | None] = {}
    for entity_id, meta in entries:
        meta_of.setdefault(entity_id, meta)  # the first mention of a repeated id wins
    ids = list(meta_of)
    _lock(session, coll)
    unusable = _unusable_ids(session, coll, ids)
    missing = [i for i in ids if i in unusable]
    if missing:
        return {"items": [], "missing": [{"entityId": i} for i in missing]}
    # Every id goes to the insert, which skips those already in the collection
    # (ON CONFLICT DO NOTHING); only the skipped ones are read back, instead of
    # reading every id before the insert.
    now = utcnow()
    made = _insert(session, coll, ids, meta_of, now) if ids else {}
    skipped = [i for i in ids if i not in made]
    found = made | _entries_by_image(session, coll, skipped) if skipped else made
    if made:
        coll.updated_at = now
    stamps = _IsoCache()
    items = [{"id": found[i][0], "entityId": i, "createdAt": stamps(found[i][1])} for i in ids]
    return {"items": items, "missing": []}


class _IsoCache(dict[datetime, str | None]):
    """iso() of each distinct time once: the new entries of an add share one."""

    def __call__(self, when: datetime) -> str | None:
        if when not in self:
            self[when] = iso(when)
        return self[when]


def remove_items(session: Session, coll: Collection, entity_ids: list[int]) -> dict:
    check_id_count(entity_ids, "entityIds", limit=MAX_IDS_PER_ADD)  # the SDK's remove_items is one request too
    ids = _unique(entity_ids)
    _lock(session, coll)
    present = _entries_by_image(session, coll, [i for i in ids if is_db_id(i)])
    if present:
        session.execute(
            delete(CollectionItem)
            .where(CollectionItem.id.in_(id_values(session, [entry_id for entry_id, _ in present.values()])))
            .execution_options(synchronize_session=False)
        )
        coll.updated_at = utcnow()
    return {
        "items": [{"id": present[i][0], "entityId": i} for i in ids if i in present],
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

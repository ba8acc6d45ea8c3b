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
- At most collections.rules.MAX_IDS_PER_ADD ids per add (the SDK sends all its
  ids in one request) and MAX_IDS_PER_REQUEST per remove (400 above); the
  database sees them in SQL_BATCH slices, all in one transaction.
- The collection's updatedAt moves whenever its items change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop_app.server.collections.rules import MAX_IDS_PER_ADD, SQL_BATCH, check_id_count, is_db_id
from desktop_app.server.db.models import Collection, CollectionItem, Image, Project
from desktop_app.server.timeutil import iso, utcnow

Entry = tuple[int, datetime]  # a collection entry's id and createdAt


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), SQL_BATCH):
        yield ids[start : start + SQL_BATCH]


def _insert_ignoring_existing(session: Session):
    """INSERT that skips rows a concurrent request added first, answering the rows it made."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    table = CollectionItem.__table__  # not the mapped class: the ORM's bulk path cost a fifth of a big add
    return (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.collection_id, table.c.image_id])
        .returning(table.c.image_id, table.c.id, table.c.created_at)
    )


def _lock(session: Session, coll: Collection) -> None:
    """Edits of one collection take turns (PostgreSQL: the collection row is
    locked until commit; SQLite writers are serialised already). Without it an
    add's read-back could miss a row a concurrent remove had just deleted, and
    two adds of the same ids in different orders could deadlock."""
    session.execute(select(Collection.id).where(Collection.id == coll.id).with_for_update())


def _entries_by_image(session: Session, coll: Collection, ids: list[int]) -> dict[int, Entry]:
    """(entry id, createdAt) of the ids in the collection: plain rows, no ORM
    objects (a 100,000-id add spent a third of its time building them)."""
    found: dict[int, Entry] = {}
    for batch in _batches(ids):
        rows = session.execute(
            select(CollectionItem.image_id, CollectionItem.id, CollectionItem.created_at).where(
                CollectionItem.collection_id == coll.id, CollectionItem.image_id.in_(batch)
            )
        )
        found.update((image_id, (entry_id, created)) for image_id, entry_id, created in rows)
    return found


def _acceptable_ids(session: Session, coll: Collection, ids: list[int]) -> set[int]:
    """The ids that are items of the collection's own project (so of its type)."""
    project = session.get(Project, coll.project_id)
    wanted = [i for i in ids if is_db_id(i)]
    if project is None or not wanted:
        return set()
    acceptable: set[int] = set()
    for batch in _batches(wanted):
        acceptable.update(
            session.scalars(select(Image.id).where(Image.id.in_(batch), Image.project_id == coll.project_id))
        )
    return acceptable


def _insert(session: Session, coll: Collection, new: list[int], meta_of: dict, now: datetime) -> dict[int, Entry]:
    """One multi-row INSERT per batch, in ascending ids (rows are locked in one
    order by every writer, images.bulk.remove too); answers the new entries."""
    made: dict[int, Entry] = {}
    for batch in _batches(sorted(new)):
        rows = session.execute(
            _insert_ignoring_existing(session),
            [{"collection_id": coll.id, "image_id": i, "meta": meta_of[i] or {}, "created_at": now} for i in batch],
        )
        made.update((image_id, (entry_id, created)) for image_id, entry_id, created in rows)
    # Under the collection's lock no one else adds, so nothing is skipped; were
    # a row skipped all the same, it is read back rather than left out.
    skipped = [i for i in new if i not in made]
    return made | _entries_by_image(session, coll, skipped) if skipped else made


def add_items(session: Session, coll: Collection, entries: list[tuple[int, dict[str, Any] | None]]) -> dict:
    """entries: (entity id, item meta or None) in request order."""
    check_id_count(entries, "entityIds", limit=MAX_IDS_PER_ADD)
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
        existing.update(_insert(session, coll, new, meta_of, now))
        coll.updated_at = now
    stamps = _IsoCache()
    items = [{"id": existing[i][0], "entityId": i, "createdAt": stamps(existing[i][1])} for i in ids]
    return {"items": items, "missing": []}


class _IsoCache(dict):
    """iso() of each distinct time once: the new entries of an add share one."""

    def __call__(self, when: datetime) -> str:
        text = self.get(when)
        if text is None:
            text = self[when] = iso(when)
        return text


def remove_items(session: Session, coll: Collection, entity_ids: list[int]) -> dict:
    check_id_count(entity_ids, "entityIds")
    ids = _unique(entity_ids)
    _lock(session, coll)
    present = _entries_by_image(session, coll, [i for i in ids if is_db_id(i)])
    if present:
        session.execute(
            delete(CollectionItem)
            .where(CollectionItem.id.in_([entry_id for entry_id, _ in present.values()]))
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

"""Smart collections and collections remembered from a filter
(docs/smart-collections-api.md): checking a filter before it is saved,
freezing a smart collection into a static one (and back), and a static
collection's drift from the filter it came from, and reconciling it.

Membership itself is resolved in membership.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop_app.server.collections.id_lists import id_values, insert_entries
from desktop_app.server.collections.membership import (
    SMART,
    StoredFilter,
    matching_ids_query,
    member_ids_query,
)
from desktop_app.server.db.models import Collection, CollectionItem, Project
from desktop_app.server.errors import ConflictError, InvalidInput
from desktop_app.server.images.filters import Resolver
from desktop_app.server.timeutil import utcnow

SOURCE_FILTERS = "sourceFilters"
DRIFT_SAMPLE = 12
REFUSE_ITEM_EDIT = "a smart collection's members come from its filter; freeze it first"


def checked_filter(resolver: Resolver, project: Project, options: Any, self_id: int | None) -> dict[str, Any]:
    """The filter in its stored form, after building its SQL once: an unknown
    filter type, a class or tag of another project, a collection that is not
    visible or a reference back to `self_id` is a 400 and nothing is saved."""
    if not isinstance(options, dict):
        raise InvalidInput("options must be an object with 'filters', 'filter' and/or 'datasetIds'")
    stored = StoredFilter(options)
    guarded = Resolver(resolver.session, resolver.get_collection, frozenset({self_id} if self_id else ()))
    matching_ids_query(guarded, project, stored)
    return stored.as_options()


def source_filter(collection: Collection) -> StoredFilter:
    """The filter a static collection was made from; 400 when it has none."""
    if collection.type == SMART:
        raise InvalidInput(f"collection {collection.id} is a smart collection: its members always match its filter")
    source = (collection.options or {}).get(SOURCE_FILTERS)
    if not isinstance(source, dict):
        raise InvalidInput(f"collection {collection.id} was not made from a filter (no options.sourceFilters)")
    return StoredFilter(source)


def _lock(session: Session, coll: Collection) -> None:
    session.execute(select(Collection.id).where(Collection.id == coll.id).with_for_update())


def freeze(resolver: Resolver, coll: Collection) -> int:
    """Make the smart collection static with its current members; answers how many."""
    if coll.type != SMART:
        raise InvalidInput(f"collection {coll.id} is not a smart collection; only a smart one can be frozen")
    _lock(resolver.session, coll)
    ids = list(resolver.session.scalars(member_ids_query(resolver, coll).order_by(None)))
    now = utcnow()
    if ids:
        insert_entries(resolver.session, coll.id, sorted(ids), None, now)
    stored = StoredFilter(coll.options)
    coll.type = "default"
    coll.options = {SOURCE_FILTERS: stored.as_options()}
    coll.updated_at = now
    return len(ids)


def unfreeze(resolver: Resolver, project: Project, coll: Collection) -> None:
    """Back to a smart collection over the filter it remembers (undo of freeze):
    its stored items are dropped, its members are the filter's again."""
    stored = source_filter(coll)
    options = checked_filter(resolver, project, stored.as_options(), coll.id)
    _lock(resolver.session, coll)
    resolver.session.execute(
        delete(CollectionItem)
        .where(CollectionItem.collection_id == coll.id)
        .execution_options(synchronize_session=False)
    )
    coll.type = SMART
    coll.options = options
    coll.updated_at = utcnow()


def _differences(resolver: Resolver, project: Project, coll: Collection) -> tuple[Any, Any]:
    matching = matching_ids_query(resolver, project, source_filter(coll))
    members = member_ids_query(resolver, coll)
    return matching.except_(members), members.except_(matching)


def _ids(session: Session, query: Any, limit: int | None = None) -> list[int]:
    sub = query.subquery()
    stmt = select(sub.c[0]).order_by(sub.c[0])
    return list(session.scalars(stmt if limit is None else stmt.limit(limit)))


def _count(session: Session, query: Any) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def drift(resolver: Resolver, project: Project, coll: Collection) -> dict[str, Any]:
    """How far the static collection is from its filter now."""
    added, removed = _differences(resolver, project, coll)
    session = resolver.session
    return {
        "added": _count(session, added),
        "removed": _count(session, removed),
        "sampleAdded": _ids(session, added, DRIFT_SAMPLE),
        "sampleRemoved": _ids(session, removed, DRIFT_SAMPLE),
    }


def reconcile(resolver: Resolver, project: Project, coll: Collection, expect: dict[str, int] | None) -> dict[str, Any]:
    """Members become the filter's current matches. With `expect` (the counts
    the caller previewed) a different drift is a 409 and nothing changes."""
    session = resolver.session
    _lock(session, coll)
    added_q, removed_q = _differences(resolver, project, coll)
    added, removed = _ids(session, added_q), _ids(session, removed_q)
    if expect is not None and (expect.get("added"), expect.get("removed")) != (len(added), len(removed)):
        raise ConflictError(
            f"the collection's drift changed since the preview (now +{len(added)} / -{len(removed)}, "
            f"previewed +{expect.get('added')} / -{expect.get('removed')}); look again before reconciling"
        )
    now = utcnow()
    if added:
        insert_entries(session, coll.id, added, None, now)
    if removed:
        session.execute(
            delete(CollectionItem)
            .where(CollectionItem.collection_id == coll.id, CollectionItem.image_id.in_(id_values(session, removed)))
            .execution_options(synchronize_session=False)
        )
    if added or removed:
        coll.updated_at = now
    return {"addedIds": added, "removedIds": removed}

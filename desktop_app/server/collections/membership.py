"""Who is in a collection, in ONE place (docs/smart-collections-api.md).

A default collection's members are its rows in collection_items. A smart
collection (type "smart") has no rows: its members are the items of its
project that match its stored filter *now*, resolved when it is read. So
images.list's entities_collection filter, itemsCount, labeling queues that
follow a collection and freeze/drift/reconcile all ask `member_ids_query()`
and see the same current members."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop_app.server.collections.items import item_counts
from desktop_app.server.db.models import Collection, CollectionItem, Image, Project
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.images.filters import IMAGE_FIELDS, Resolver, TypedFilter, typed_conditions
from desktop_app.server.listing.filter_values import Kind, check_filter_values
from desktop_app.server.listing.pagination import FilterCond, apply_filters

SMART = "smart"
FIELD_KINDS: dict[str, Kind] = {
    "id": "int",
    "name": "str",
    "datasetId": "int",
    "createdAt": "time",
    "updatedAt": "time",
    "labelsCount": "int",
}


class StoredFilter:
    """A smart collection's (or a frozen one's sourceFilters') filter, parsed:
    the same shapes images.list takes."""

    def __init__(self, options: dict[str, Any] | None) -> None:
        options = options or {}
        try:
            self.filters = [TypedFilter.model_validate(f) for f in options.get("filters") or []]
            self.filter = [FilterCond.model_validate(f) for f in options.get("filter") or []]
            dataset_ids = options.get("datasetIds")
            self.dataset_ids: list[int] | None = (
                None if dataset_ids is None else [_strict_int(i) for i in _as_list(dataset_ids)]
            )
        except ValidationError as exc:
            where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors())
            raise InvalidInput(f"the collection's filter is not valid: {where}") from None

    def as_options(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "filters": [f.model_dump(by_alias=True) for f in self.filters],
            "filter": [f.model_dump() for f in self.filter],
        }
        if self.dataset_ids is not None:
            out["datasetIds"] = self.dataset_ids
        return out


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput("the collection's filter is not valid: datasetIds must be a list of ids")
    return value


def _strict_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"the collection's filter is not valid: datasetIds has {value!r}, not an id")
    return value


def matching_ids_query(resolver: Resolver, project: Project, stored: StoredFilter) -> Select:
    """SELECT images.id of the project's items matching `stored` (raises 400 on a bad filter)."""
    check_filter_values(stored.filter, FIELD_KINDS)
    conds = [Image.project_id == project.id, *typed_conditions(resolver, project, stored.filters)]
    if stored.dataset_ids is not None:
        conds.append(Image.dataset_id.in_(stored.dataset_ids))
    return apply_filters(select(Image.id).where(*conds), stored.filter, IMAGE_FIELDS)


def member_ids_query(resolver: Resolver, collection: Collection) -> Select:
    """SELECT of the image ids that are members of `collection` now."""
    if collection.type != SMART:
        return select(CollectionItem.image_id).where(CollectionItem.collection_id == collection.id)
    if collection.id in resolver.resolving:
        raise InvalidInput(
            f"smart collection {collection.id} ({collection.name!r}) refers to itself through its filter"
        )
    project = resolver.session.get_one(Project, collection.project_id)
    inner = Resolver(resolver.session, resolver.get_collection, resolver.resolving | {collection.id})
    return matching_ids_query(inner, project, StoredFilter(collection.options))


def trusted_resolver(session: Session, project_id: int) -> Resolver:
    """For reads on behalf of something already authorised (a queue, a stored
    filter): a referenced collection counts if it is in the same project."""

    def get(id_: int) -> Collection:
        found = session.get(Collection, id_)
        if found is None or found.project_id != project_id:
            raise NotFound(f"collection with id {id_} not found")
        return found

    return Resolver(session, get)


def member_count(resolver: Resolver, collection: Collection) -> int:
    return (
        resolver.session.scalar(select(func.count()).select_from(member_ids_query(resolver, collection).subquery()))
        or 0
    )


def items_counts(session: Session, collections: list[Collection]) -> dict[int, int]:
    """`itemsCount` of each collection: stored rows, or a smart one's current matches.
    A smart filter that no longer resolves (a class it names was deleted) counts 0
    here, so the list still answers; reading its items says what is wrong."""
    counts = item_counts(session, [c.id for c in collections if c.type != SMART])
    for c in collections:
        if c.type == SMART:
            try:
                counts[c.id] = member_count(trusted_resolver(session, c.project_id), c)
            except (InvalidInput, NotFound):
                counts[c.id] = 0
    return counts

"""Union, intersection and difference of collections, resolved in SQL.

The result is one compound SELECT over the sources' member queries
(membership.py): UNION, INTERSECT, or EXCEPT chained left to right, so a
difference is the first collection minus every other. Counts, the sample and
the ids new to the target are read from it; nothing is listed in Python but
the ids written (the caller needs them to undo the step). Writing goes
through the same one-statement insert as an add (id_lists.py) and so skips
ids the target holds already."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Select, except_, func, intersect, select, union
from sqlalchemy.orm import Session

from desktop_app.server.collections.id_lists import insert_entries
from desktop_app.server.collections.membership import member_ids_query
from desktop_app.server.collections.rules import MAX_IDS_PER_ADD
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Collection
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.filters import caller_resolver
from desktop_app.server.timeutil import utcnow

Operation = Literal["union", "intersection", "difference"]
SAMPLE_DEFAULT, SAMPLE_MAX = 12, 48


@dataclass(frozen=True)
class Combined:
    count: int  # members of the result
    added: list[int]  # result ids not in the target (all of them for a new target), ascending
    sample: list[int]  # the first ids of the result, ascending


def _members(ctx: Ctx, collection: Collection) -> Select:
    # Each part as SELECT <id> FROM (<member query>): a member query may carry its
    # own ORDER BY or joins, which a compound SELECT does not accept on SQLite.
    inner = member_ids_query(caller_resolver(ctx), collection).subquery()
    return select(inner.c[0].label("image_id"))


def result_query(ctx: Ctx, operation: Operation, sources: list[Collection]):
    """A subquery with one column, `image_id`: the ids of the combined result."""
    parts = [_members(ctx, c) for c in sources]
    compound = {"union": union, "intersection": intersect, "difference": except_}[operation](*parts)
    return compound.subquery("combined")


def combine(
    ctx: Ctx,
    operation: Operation,
    sources: list[Collection],
    target: Collection | None,
    sample: int,
    write_to: Collection | None = None,
) -> Combined:
    """`target`: the existing collection the result goes into (None: a new one).
    `write_to`: where to insert now (None: a dry run, nothing is written)."""
    session: Session = ctx.session
    result = result_query(ctx, operation, sources)
    image_id = result.c.image_id
    count = session.scalar(select(func.count()).select_from(result)) or 0
    first = list(session.scalars(select(image_id).order_by(image_id).limit(sample)))
    new = select(image_id)
    if target is not None:
        new = new.where(image_id.not_in(member_ids_query(caller_resolver(ctx), target)))
    added = list(session.scalars(new.order_by(image_id)))
    if len(added) > MAX_IDS_PER_ADD:
        raise InvalidInput(f"the result would add {len(added):,} items; at most {MAX_IDS_PER_ADD:,} are added at once")
    if write_to is not None and added:
        now = utcnow()
        insert_entries(session, write_to.id, added, None, now)
        write_to.updated_at = now
    return Combined(count=count, added=added, sample=first)

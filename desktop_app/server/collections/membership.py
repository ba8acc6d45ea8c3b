"""Which images a collection holds, as ONE query every reader builds on.

Today a collection's members are its CollectionItem rows. Smart collections
(resolved from a filter at read time) answer through this same function, so
whatever is built on it (set operations, collections/combine.py) follows them
without another change."""

from __future__ import annotations

from sqlalchemy import Select, select

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Collection, CollectionItem


def member_ids_query(ctx: Ctx, collection: Collection) -> Select:
    """A one-column SELECT of the image ids that are members of `collection`."""
    return select(CollectionItem.image_id).where(CollectionItem.collection_id == collection.id)

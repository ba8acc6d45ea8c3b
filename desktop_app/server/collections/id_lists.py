"""Long id lists bound as ONE parameter: a JSON array the database unpacks
itself (SQLite json_each, PostgreSQL json_array_elements_text).

An `IN (:id_1, ..., :id_10000)` of SQLAlchemy binds, processes and renders
every id in Python, and a multi-row INSERT converts every row's values: for an
add of 100,000 ids that was most of the server's time. One JSON string costs
one json.dumps in C, and no per-id statement limit applies."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, Select, Text, bindparam, cast, func, literal, select, text
from sqlalchemy.orm import Session

from desktop_app.server.db.models import CollectionItem


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def id_values(session: Session, ids: Sequence[int]) -> Select:
    """A one-column SELECT of `ids`, for `column.in_(id_values(...))`."""
    as_json = json.dumps(list(ids))
    if _sqlite(session):
        each = func.json_each(as_json).table_valued("value")
        return select(each.c.value)
    # a Text literal cast in SQL: a JSON-typed bind would encode the string once more
    each = func.json_array_elements_text(cast(literal(as_json, Text), JSON)).table_valued("value")
    return select(cast(each.c.value, Integer))


# Rows are made in ascending id order (ORDER BY): every writer locks in one order
# (images.bulk.remove too). `metas` lines up with `ids`; "[]" gives every row {}.
_INSERT = {
    "sqlite": """
        INSERT INTO {table} (collection_id, image_id, meta, created_at)
        SELECT :collection_id, i.value, coalesce(m.value, '{{}}'), :now
        FROM json_each(:ids) AS i LEFT JOIN json_each(:metas) AS m ON m.key = i.key
        WHERE true ORDER BY i.value
        ON CONFLICT (collection_id, image_id) DO NOTHING
        RETURNING image_id, id""",
    "postgresql": """
        INSERT INTO {table} (collection_id, image_id, meta, created_at)
        SELECT :collection_id, CAST(i.value AS INTEGER), coalesce(m.value, CAST('{{}}' AS JSON)), :now
        FROM json_array_elements_text(CAST(:ids AS JSON)) WITH ORDINALITY AS i(value, n)
        LEFT JOIN json_array_elements(CAST(:metas AS JSON)) WITH ORDINALITY AS m(value, n) ON m.n = i.n
        ORDER BY 2
        ON CONFLICT (collection_id, image_id) DO NOTHING
        RETURNING image_id, id""",
}


def insert_entries(
    session: Session, collection_id: int, ids: Sequence[int], metas: Sequence[dict[str, Any]] | None, now: datetime
) -> dict[int, int]:
    """Add `ids` to the collection in one statement, skipping rows already there;
    answers {image id: entry id} of the rows made (all made at `now`)."""
    dialect = "sqlite" if _sqlite(session) else "postgresql"
    statement = (
        text(_INSERT[dialect].format(table=CollectionItem.__tablename__))
        .bindparams(bindparam("now", type_=DateTime))
        .columns(image_id=Integer, id=Integer)
    )
    params = {
        "collection_id": collection_id,
        "ids": json.dumps(list(ids)),
        "metas": json.dumps(list(metas)) if metas is not None else "[]",
        "now": now,
    }
    return {image_id: entry_id for image_id, entry_id in session.execute(statement, params)}

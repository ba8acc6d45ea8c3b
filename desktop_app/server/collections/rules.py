"""Input rules shared by the collection and labeling-queue methods: names,
descriptions, the per-request id cap, and ids the database can hold.

Per-request cap: a queue's `meta.entityIds` accepts at most
MAX_IDS_PER_REQUEST ids (duplicates count). Larger requests get a 400 asking
the caller to split them, so that one request stays one short transaction and
fits the SQL parameter limits of both SQLite and PostgreSQL.
`entities-collections.items.bulk.add` and `.remove` take far more
(MAX_IDS_PER_ADD): the SDK's `add_items` and `remove_items` send every id in
one request and know no limit; such a list reaches the database as one JSON
parameter (collections/id_lists.py), so no SQL parameter limit applies."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.server.db.models import NAME_MAX
from desktop_app.server.errors import InvalidInput

DESCRIPTION_MAX = 10_000
MAX_IDS_PER_REQUEST = 10_000
# A bound far above what anyone adds at once (the SDK's add_items of a whole
# big project), yet a list of Python ints the server can hold: ~8 MB of JSON.
MAX_IDS_PER_ADD = 1_000_000
# Primary keys are 32-bit INTEGER columns on PostgreSQL; a larger id can
# never exist, and binding one there fails with a database error (a 5xx).
DB_ID_MAX = 2**31 - 1


def is_db_id(value: int) -> bool:
    return 1 <= value <= DB_ID_MAX


def clean_name(value: str, what: str) -> str:
    """Strip the name and refuse it if empty or too long."""
    name = value.strip()
    if not name:
        raise InvalidInput(f"{what} name must not be empty")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"{what} name is {len(name)} characters long; the maximum is {NAME_MAX}")
    return name


def clean_text(value: str | None, field: str, limit: int = DESCRIPTION_MAX) -> str:
    """Null means empty; anything longer than `limit` is refused."""
    if value is None:
        return ""
    if len(value) > limit:
        raise InvalidInput(f"{field} is {len(value)} characters long; the maximum is {limit}")
    return value


def check_id_count(ids: Sequence[object], field: str, noun: str = "ids", limit: int = MAX_IDS_PER_REQUEST) -> None:
    if len(ids) > limit:
        raise InvalidInput(
            f"{field} has {len(ids)} {noun}; at most {limit} are accepted per request, split it into several requests"
        )

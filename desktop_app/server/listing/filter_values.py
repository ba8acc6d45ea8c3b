"""Type checks for `filter` values of the collection and queue lists.

pagination.apply_filters passes values to SQL as sent. PostgreSQL refuses to
compare an INTEGER column with a string or with a number beyond 32 bits, and
that database error would surface as a 5xx (which the SDK retries for
minutes); so would an `in` list longer than SQLite's parameter limit.
Checking the values first turns such input into a clear 400."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from desktop_app.server.collections.rules import DB_ID_MAX, check_id_count
from desktop_app.server.errors import InvalidInput
from desktop_app.server.listing.pagination import FilterCond

Kind = Literal["int", "str", "time"]


def _fits(kind: Kind, value: object) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= DB_ID_MAX
    return isinstance(value, str)  # "time" values are ISO strings, parsed later


def check_filter_values(conds: Sequence[FilterCond] | None, kinds: dict[str, Kind]) -> None:
    """Refuse values of the wrong type; unknown fields are left to apply_filters."""
    for cond in conds or []:
        if isinstance(cond.value, list):
            check_id_count(cond.value, f"the filter on {cond.field!r}", "values")
        kind = kinds.get(cond.field)
        if kind is None:
            continue
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        for value in values:
            if value is not None and not _fits(kind, value):
                expected = {"int": "a 32-bit integer", "str": "a string", "time": "an ISO date string"}[kind]
                raise InvalidInput(f"filter on {cond.field!r}: {value!r} is not {expected}")

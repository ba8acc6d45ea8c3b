"""Shared list machinery: the `filter` conditions, sorting, page and token
pagination (cursor.py), and the {total, perPage, pagesCount, entities} envelope."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from pydantic import Field, StrictInt
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.server.context import Req
from desktop_app.server.errors import InvalidInput
from desktop_app.server.listing.cursor import Cursor
from desktop_app.server.timeutil import parse_iso

# A field of a list: a mapped column (Image.name) or an SQL expression (a queue item's status rank).
SQLField: TypeAlias = ColumnElement[Any] | InstrumentedAttribute[Any]
Fields: TypeAlias = Mapping[str, SQLField]


class FilterCond(Req):
    field: str
    operator: str
    value: Any = None


class ListReq(Req):
    filter: list[FilterCond] | None = None
    sort: str | None = None
    sort_order: Literal["asc", "desc"] | None = None
    page: StrictInt | None = Field(default=None, ge=1)
    per_page: StrictInt | None = Field(default=None, ge=1)
    pagination_mode: Literal["page", "token"] | None = None
    after: str | None = None
    fields: list[str] | None = None
    extraFields: list[str] | None = None


OPERATORS = ("=", "eq", "!=", "not", "in", "!in", ">", "<", ">=", "<=")


def _coerce(column: SQLField, value: Any) -> Any:
    """Timestamps arrive as ISO strings; everything else is compared as sent."""
    py_type = getattr(getattr(column, "type", None), "python_type", None)
    try:
        from datetime import datetime

        if py_type is datetime and isinstance(value, str):
            return parse_iso(value)
    except (NotImplementedError, ValueError) as exc:
        raise InvalidInput(f"cannot compare a date with {value!r}") from exc
    return value


def condition(column: SQLField, operator: str, value: Any, field: str) -> ColumnElement[bool]:
    if operator in ("in", "!in"):
        if not isinstance(value, list):
            raise InvalidInput(f"filter on {field!r} with operator {operator!r} needs a list value")
        values = [_coerce(column, v) for v in value]
        return column.in_(values) if operator == "in" else column.not_in(values)
    if isinstance(value, (list, dict)):
        raise InvalidInput(f"filter on {field!r} with operator {operator!r} needs a single value")
    value = _coerce(column, value)
    if operator in ("=", "eq"):
        return column.is_(None) if value is None else column == value
    if operator in ("!=", "not"):
        return column.is_not(None) if value is None else column != value
    if value is None:
        raise InvalidInput(f"filter on {field!r} with operator {operator!r} needs a value")
    return {">": column > value, "<": column < value, ">=": column >= value, "<=": column <= value}[operator]


def apply_filters(stmt: Select, conds: Sequence[FilterCond] | None, fields: Fields) -> Select:
    for cond in conds or []:
        column = fields.get(cond.field)
        if column is None:
            raise InvalidInput(f"cannot filter by {cond.field!r}; allowed fields: {', '.join(sorted(fields))}")
        if cond.operator not in OPERATORS:
            raise InvalidInput(f"unknown filter operator {cond.operator!r}; allowed: {' '.join(OPERATORS)}")
        stmt = stmt.where(condition(column, cond.operator, cond.value, cond.field))
    return stmt


@dataclass(frozen=True)
class Sort:
    """A listing's order: by one field, then by id so that every row has its place.

    NULL sort values come first in ascending order (last in descending), on
    SQLite and PostgreSQL alike, so that a cursor can point past them."""

    key: str  # the field name the request sorts by
    column: SQLField
    desc: bool
    id_col: SQLField

    @property
    def nullable(self) -> bool:
        return bool(getattr(getattr(self.column, "expression", self.column), "nullable", False))

    def order_by(self) -> list[ColumnElement[Any]]:
        first = self.column.desc() if self.desc else self.column.asc()
        if self.nullable:
            first = first.nulls_last() if self.desc else first.nulls_first()
        ordered: list[ColumnElement[Any]] = [first]
        if self.column is not self.id_col:  # a unique tie-breaker keeps pages stable
            ordered.append(self.id_col.desc() if self.desc else self.id_col.asc())
        return ordered

    def after(self, cursor: Cursor) -> ColumnElement[bool]:
        """Rows strictly after the cursor's row in this order."""
        col, id_col, value, last_id = self.column, self.id_col, cursor.value, cursor.last_id
        beyond_id = id_col < last_id if self.desc else id_col > last_id
        if col is id_col:
            return beyond_id
        if value is None:  # among the NULLs: later NULLs, then (ascending) every non-NULL value
            later_nulls = and_(col.is_(None), beyond_id)
            return later_nulls if self.desc else or_(later_nulls, col.is_not(None))
        beyond = or_(col < value if self.desc else col > value, and_(col == value, beyond_id))
        return or_(beyond, col.is_(None)) if self.desc and self.nullable else beyond

    def cursor_after(self, row: Any) -> Cursor:
        """The cursor pointing past `row` (an ORM object or a row of named columns)."""
        return Cursor(self.key, self.desc, getattr(row, str(self.column.key)), getattr(row, str(self.id_col.key)))


def parse_sort(req: ListReq, fields: Fields, id_col: SQLField) -> Sort:
    key = req.sort or "id"
    column = fields.get(key)
    if column is None:
        raise InvalidInput(f"cannot sort by {key!r}; allowed: {', '.join(sorted(fields))}")
    return Sort(key, column, req.sort_order == "desc", id_col)


def paginate(
    session: Session,
    stmt: Select,
    req: ListReq,
    convert: Callable[[list[Any]], list[dict[str, Any]]],
    *,
    fields: Fields,
    id_col: SQLField,
    default_per_page: int,
    max_per_page: int | None = None,
) -> dict[str, Any]:
    """One page of a filtered select, sorted as `req` asks by one of `fields`, in the envelope.

    `convert` turns the page's rows into entities in one go. Token mode adds `after`."""
    per_page = min(req.per_page or default_per_page, max_per_page or default_per_page)
    sorting = parse_sort(req, fields, id_col)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    token = req.pagination_mode == "token"
    if token:
        if req.after:
            stmt = stmt.where(sorting.after(Cursor.decode(req.after, sorting.key, sorting.desc)))
        page = stmt.order_by(*sorting.order_by()).limit(per_page + 1)  # one more tells if there is a next page
    else:
        page = stmt.order_by(*sorting.order_by()).offset(((req.page or 1) - 1) * per_page).limit(per_page)
    rows = list(session.scalars(page))
    return envelope(rows, total, per_page, token, sorting, convert)


def envelope(
    rows: list[Any],
    total: int,
    per_page: int,
    token: bool,
    sorting: Sort,
    convert: Callable[[list[Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """{total, perPage, pagesCount, entities[, after]} for a page read with one row to spare in token mode."""
    out: dict[str, Any] = {
        "total": total,
        "perPage": per_page,
        "pagesCount": math.ceil(total / per_page) if total else 0,
    }
    if token:
        more = len(rows) > per_page
        rows = rows[:per_page]
        out["after"] = sorting.cursor_after(rows[-1]).encode() if more and rows else None
    out["entities"] = convert(rows)
    return out

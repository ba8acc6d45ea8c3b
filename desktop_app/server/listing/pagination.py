"""Shared list machinery: the `filter` conditions, sorting, page and token
pagination, and the {total, perPage, pagesCount, entities} envelope."""
from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

from pydantic import Field, StrictInt
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.server.context import Req
from desktop_app.server.errors import InvalidInput
from desktop_app.server.timeutil import parse_iso


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


def _coerce(column: ColumnElement, value: Any) -> Any:
    """Timestamps arrive as ISO strings; everything else is compared as sent."""
    py_type = getattr(getattr(column, "type", None), "python_type", None)
    try:
        from datetime import datetime

        if py_type is datetime and isinstance(value, str):
            return parse_iso(value)
    except (NotImplementedError, ValueError) as exc:
        raise InvalidInput(f"cannot compare a date with {value!r}") from exc
    return value


def condition(column: ColumnElement, operator: str, value: Any, field: str) -> ColumnElement:
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


def apply_filters(
    stmt: Select, conds: Sequence[FilterCond] | None, fields: dict[str, ColumnElement]
) -> Select:
    for cond in conds or []:
        column = fields.get(cond.field)
        if column is None:
            raise InvalidInput(
                f"cannot filter by {cond.field!r}; allowed fields: {', '.join(sorted(fields))}"
            )
        if cond.operator not in OPERATORS:
            raise InvalidInput(
                f"unknown filter operator {cond.operator!r}; allowed: {' '.join(OPERATORS)}"
            )
        stmt = stmt.where(condition(column, cond.operator, cond.value, cond.field))
    return stmt


@dataclass(frozen=True)
class Sort:
    key: str  # the field name the request sorts by
    column: ColumnElement
    desc: bool

    def order_by(self, id_col: ColumnElement) -> list[ColumnElement]:
        ordered = [self.column.desc() if self.desc else self.column.asc()]
        if self.column is not id_col:  # a unique tie-breaker keeps pages stable
            ordered.append(id_col.desc() if self.desc else id_col.asc())
        return ordered


def parse_sort(req: ListReq, fields: dict[str, ColumnElement]) -> Sort:
    key = req.sort or "id"
    column = fields.get(key)
    if column is None:
        raise InvalidInput(f"cannot sort by {key!r}; allowed: {', '.join(sorted(fields))}")
    return Sort(key, column, req.sort_order == "desc")


def apply_sort(stmt: Select, req: ListReq, fields: dict[str, ColumnElement], id_col: ColumnElement) -> Select:
    return stmt.order_by(*parse_sort(req, fields).order_by(id_col))


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        offset = int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["o"])
    except Exception as exc:  # any malformed cursor is the caller's error
        raise InvalidInput("malformed 'after' cursor") from exc
    if offset < 0:
        raise InvalidInput("malformed 'after' cursor")
    return offset


def paginate(
    session: Session,
    stmt: Select,
    req: ListReq,
    to_json: Callable[[Any], dict[str, Any]],
    *,
    default_per_page: int,
    max_per_page: int | None = None,
    batch_convert: Callable[[list[Any]], list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Run a sorted, filtered select and wrap one page of it in the envelope.

    `stmt` must already be filtered and ordered. Token mode adds `after`."""
    per_page = req.per_page or default_per_page
    per_page = min(per_page, max_per_page or default_per_page)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    if req.pagination_mode == "token":
        offset = _decode_cursor(req.after) if req.after else 0
    else:
        offset = ((req.page or 1) - 1) * per_page
    rows = list(session.scalars(stmt.offset(offset).limit(per_page)))
    entities = batch_convert(rows) if batch_convert else [to_json(r) for r in rows]
    envelope: dict[str, Any] = {
        "total": total,
        "perPage": per_page,
        "pagesCount": math.ceil(total / per_page) if total else 0,
        "entities": entities,
    }
    if req.pagination_mode == "token":
        nxt = offset + len(rows)
        envelope["after"] = _encode_cursor(nxt) if rows and nxt < total else None
    return envelope

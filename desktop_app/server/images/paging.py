"""Listing pages of images (images.list, annotations.list) so that a page of a
1,000,000-image project costs little:

- the filtered, sorted select picks image ids only (an index scan on
  project_id/dataset_id + id), and full rows are read for that one page;
- page mode skips rows with OFFSET over ids alone;
- token mode does no OFFSET at all: its cursor holds the last row's sort key
  and id (keyset pagination), so walking a whole project stays linear.

The envelope is pagination.py's: {total, perPage, pagesCount, entities[, after]}."""
from __future__ import annotations

import base64
import json
import math
from datetime import datetime
from typing import Any, Callable, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.server.db.models import Image
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.filters import IMAGE_FIELDS
from desktop_app.server.images.to_json import IMAGE_COLUMNS
from desktop_app.server.listing.pagination import ListReq, apply_filters, parse_sort


def _encode(sort: str, desc: bool, value: Any, last_id: int) -> str:
    if isinstance(value, datetime):
        value = {"dt": value.isoformat()}
    raw = json.dumps({"s": sort, "d": desc, "v": value, "i": last_id})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str, sort: str, desc: bool) -> tuple[Any, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        value, last_id = data["v"], int(data["i"])
        if isinstance(value, dict):
            value = datetime.fromisoformat(value["dt"])
        same_order = data["s"] == sort and data["d"] == desc
    except Exception:  # any malformed cursor is the caller's error
        raise InvalidInput("malformed 'after' cursor") from None
    if not same_order:
        raise InvalidInput("the 'after' cursor belongs to a listing with another sort order")
    return value, last_id


def _after(column: ColumnElement, desc: bool, value: Any, last_id: int) -> ColumnElement:
    """Rows strictly after (value, last_id) in the listing's order."""
    if column is Image.id:
        return Image.id < last_id if desc else Image.id > last_id
    if desc:
        return or_(column < value, and_(column == value, Image.id < last_id))
    return or_(column > value, and_(column == value, Image.id > last_id))


def list_images(
    session: Session,
    scope: Sequence[ColumnElement],
    req: ListReq,
    convert: Callable[[list[Any]], list[dict[str, Any]]],
    *,
    default_per_page: int,
    max_per_page: int,
) -> dict[str, Any]:
    """One page of the images matching `scope` and `req.filter`, in `req`'s order.

    `convert` turns the page's table rows into entities in one go."""
    per_page = min(req.per_page or default_per_page, max_per_page)
    sorting = parse_sort(req, IMAGE_FIELDS)
    sort, column, desc = sorting.key, sorting.column, sorting.desc
    order = sorting.order_by(Image.id)

    ids = apply_filters(select(Image.id).where(*scope), req.filter, IMAGE_FIELDS)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0

    token = req.pagination_mode == "token"
    if token:
        if req.after:
            ids = ids.where(_after(column, desc, *_decode(req.after, sort, desc)))
        page_ids = ids.order_by(*order).limit(per_page + 1)  # one more tells if there is a next page
    else:
        page_ids = ids.order_by(*order).offset(((req.page or 1) - 1) * per_page).limit(per_page)
    picked = page_ids.subquery()
    rows = list(session.execute(
        select(*IMAGE_COLUMNS).join(picked, picked.c.id == Image.id).order_by(*order)
    ).all())

    envelope: dict[str, Any] = {
        "total": total,
        "perPage": per_page,
        "pagesCount": math.ceil(total / per_page) if total else 0,
    }
    if token:
        more = len(rows) > per_page
        rows = rows[:per_page]
        last = rows[-1] if rows else None
        envelope["after"] = (
            _encode(sort, desc, getattr(last, column.key), last.id) if more and last is not None else None
        )
    envelope["entities"] = convert(rows)
    return envelope

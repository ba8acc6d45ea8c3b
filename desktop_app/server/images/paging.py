"""Listing pages of images (images.list, annotations.list) so that a page of a
1,000,000-image project costs little:

- the filtered, sorted select picks image ids only (an index scan on
  project_id/dataset_id + id), and full rows are read for that one page;
- page mode skips rows with OFFSET over ids alone;
- rows are read as plain tuples of the columns the answer needs (`columns`:
  fewer with images.list `fields`), not as ORM objects;
- token mode does no OFFSET at all: its cursor holds the last row's sort key
  and id (keyset pagination), so walking a whole project stays linear.

The envelope and the cursor are those of every list (listing/)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.server.db.models import Image
from desktop_app.server.images.filters import IMAGE_FIELDS
from desktop_app.server.images.to_json import IMAGE_COLUMNS
from desktop_app.server.listing.cursor import Cursor
from desktop_app.server.listing.pagination import (
    ListReq,
    apply_filters,
    envelope,
    parse_sort,
)


def list_images(
    session: Session,
    scope: Sequence[ColumnElement],
    req: ListReq,
    convert: Callable[[list[Any]], list[dict[str, Any]]],
    *,
    default_per_page: int,
    max_per_page: int,
    columns: Sequence[Any] = IMAGE_COLUMNS,
) -> dict[str, Any]:
    """One page of the images matching `scope` and `req.filter`, in `req`'s order.

    `convert` turns the page's table rows into entities in one go."""
    per_page = min(req.per_page or default_per_page, max_per_page)
    sorting = parse_sort(req, IMAGE_FIELDS, Image.id)
    order = sorting.order_by()

    ids = apply_filters(select(Image.id).where(*scope), req.filter, IMAGE_FIELDS)
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0

    token = req.pagination_mode == "token"
    if token:
        if req.after:
            ids = ids.where(sorting.after(Cursor.decode(req.after, sorting.key, sorting.desc)))
        page_ids = ids.order_by(*order).limit(per_page + 1)  # one more tells if there is a next page
    else:
        page_ids = ids.order_by(*order).offset(((req.page or 1) - 1) * per_page).limit(per_page)
    picked = page_ids.subquery()
    columns = list(dict.fromkeys([*columns, Image.__table__.c.id, Image.__table__.c[str(sorting.column.key)]]))
    page = select(*columns).join(picked, picked.c.id == Image.id).order_by(*order)
    rows = list(session.connection().execute(page).all())  # plain rows: no ORM row handling
    return envelope(rows, total, per_page, token, sorting, convert)

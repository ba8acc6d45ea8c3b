"""Walking a whole list by id (keyset pagination): each request asks for the
rows after the last id received (`filter id > last`, sorted by id), so the
server never skips rows with OFFSET and a walk stays linear however deep it
goes. Works on any server that takes the SDK's `>` filter on `id`.

The next request goes out as soon as a page's JSON is decoded (its last id
is known) and the page's records are built while the server reads the next
one. `total` of the first page is the walk's size; every later page reports
the rows still ahead, and a mismatch (the list changed while it was read)
raises `PaginationError`, as the other walks do."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar

from .errors import BadResponse, PaginationError
from .pagination import Json, Page, TotalCallback, _cancel_all
from .transport import SlyClient

T = TypeVar("T")

# Rows per request: big pages mean few round trips; the bundled server takes up to 20000.
KEYSET_PER_PAGE = 10000


async def iter_keyset_pages(
    client: SlyClient,
    method: str,
    body: Json,
    *,
    convert: Callable[[Json], T],
    per_page: int = KEYSET_PER_PAGE,
    on_total: TotalCallback | None = None,
) -> AsyncGenerator[Page[T], None]:
    """Pages of every row of `body`'s listing in id order (the body's own sort is replaced)."""
    base = {**body, "sort": "id", "sort_order": "asc", "page": 1, "per_page": per_page}
    conditions = list(base.get("filter") or [])

    def request(after: int | None) -> asyncio.Task[Any]:
        extra = [] if after is None else [{"field": "id", "operator": ">", "value": after}]
        return asyncio.ensure_future(client.call(method, {**base, "filter": conditions + extra}, idempotent=True))

    pending: asyncio.Task[Any] | None = request(None)
    first_total: int | None = None
    received, number = 0, 0
    try:
        while pending is not None:
            data = await pending
            pending = None
            total, rows = _rows(data, method)
            if first_total is None:
                first_total = total
                if on_total is not None:
                    on_total(total)
            elif total != first_total - received:
                raise PaginationError(
                    f"{total} items left after {received}, the server announced {first_total}", method=method
                )
            if rows and len(rows) < total:  # more to come: ask for it before building this page's records
                pending = request(int(rows[-1]["id"]))
                await asyncio.sleep(0)  # let the request go out
            received += len(rows)
            number += 1
            yield Page(number, first_total, per_page, -(-first_total // per_page), [convert(r) for r in rows])
    finally:
        if pending is not None:
            await _cancel_all(deque([pending]))
    if received != first_total:
        raise PaginationError(f"received {received} items, the server announced {first_total}", method=method)


def _rows(data: Any, method: str) -> tuple[int, list[Json]]:
    try:
        return int(data["total"]), list(data["entities"])
    except (KeyError, TypeError, ValueError):
        raise BadResponse("not a list answer (no total/entities)", status=200, method=method) from None

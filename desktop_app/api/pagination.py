"""Reading paginated lists: `{total, perPage, pagesCount, entities[, after]}`.

- `fetch_page`: one page, for views that page lazily.
- `iter_pages`: every page, in order, as they arrive. The first page gives
  `total` at once (`on_total`, for a count shown before the rest loads); the
  next pages are fetched concurrently in a sliding window of `concurrency`
  requests, so memory and load stay bounded however long the list is.
- `iter_token_pages`: the `pagination_mode: "token"` walk along `after`.
- `list_all`: all items of a list.
Every walk checks that the items received add up to `total` and raises
`PaginationError` when they do not (the list changed while it was read).

Close an abandoned iterator with `contextlib.aclosing` so its in-flight
requests are cancelled at once rather than when it is garbage-collected."""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import BadResponse, PaginationError
from .transport import SlyClient

T = TypeVar("T")
Json = dict[str, Any]
TotalCallback = Callable[[int], Any]


def _identity(item: Json) -> Any:
    return item


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    number: int  # 1-based; in token mode the running count of pages
    total: int
    per_page: int
    pages_count: int
    items: list[T]
    after: str | None = None


async def fetch_page(
    client: SlyClient,
    method: str,
    body: Json,
    *,
    page: int | None = None,
    per_page: int | None = None,
    items_key: str = "entities",
    convert: Callable[[Json], T] = _identity,
) -> Page[T]:
    """One page. Without `page`/`per_page` the server's defaults apply (as the SDK's first request)."""
    request = dict(body)
    if page is not None:
        request["page"] = page
    if per_page is not None:
        request["per_page"] = per_page
    data = await client.call(method, request, idempotent=True)
    try:
        total = int(data["total"])
        raw_items = data[items_key]
        size = int(data.get("perPage") or per_page or len(raw_items) or 1)
        count = data.get("pagesCount")
        pages_count = int(count) if count is not None else math.ceil(total / size)
    except (KeyError, TypeError, ValueError):
        raise BadResponse(f"not a list answer (no total/{items_key})", status=200, method=method) from None
    return Page(page or 1, total, size, pages_count, [convert(i) for i in raw_items], data.get("after"))


async def iter_pages(
    client: SlyClient,
    method: str,
    body: Json,
    *,
    per_page: int | None = None,
    concurrency: int = 4,
    on_total: TotalCallback | None = None,
    items_key: str = "entities",
    convert: Callable[[Json], T] = _identity,
) -> AsyncGenerator[Page[T], None]:
    first = await fetch_page(
        client, method, body, page=1 if per_page else None, per_page=per_page, items_key=items_key, convert=convert
    )
    if on_total is not None:
        on_total(first.total)
    yield first
    received = len(first.items)
    if first.pages_count <= 1 and received == first.total:
        return
    size = first.per_page  # later pages use the page size the server chose
    next_page = 2
    window: deque[asyncio.Task[Page[T]]] = deque()

    def refill() -> None:
        nonlocal next_page
        while len(window) < max(1, concurrency) and next_page <= first.pages_count:
            coro = fetch_page(client, method, body, page=next_page, per_page=size, items_key=items_key, convert=convert)
            window.append(asyncio.ensure_future(coro))
            next_page += 1

    try:
        refill()
        while window:
            page = await window.popleft()
            refill()
            received += len(page.items)
            yield page
    finally:
        await _cancel_all(window)
    _check_count(method, received, first.total)


async def iter_token_pages(
    client: SlyClient,
    method: str,
    body: Json,
    *,
    per_page: int | None = None,
    on_total: TotalCallback | None = None,
    convert: Callable[[Json], T] = _identity,
) -> AsyncIterator[Page[T]]:
    request = {**body, "pagination_mode": "token"}
    if per_page is not None:
        request["per_page"] = per_page
    page = await fetch_page(client, method, request, convert=convert)
    if on_total is not None:
        on_total(page.total)
    received, number = len(page.items), 1
    yield page
    while page.after is not None and received < page.total:
        number += 1
        page = await fetch_page(client, method, {**request, "after": page.after}, convert=convert)
        if not page.items:
            break  # a cursor that yields nothing would loop forever
        received += len(page.items)
        yield Page(number, page.total, page.per_page, page.pages_count, page.items, page.after)
    _check_count(method, received, page.total)


async def list_all(
    client: SlyClient,
    method: str,
    body: Json,
    *,
    per_page: int | None = None,
    concurrency: int = 4,
    on_total: TotalCallback | None = None,
    items_key: str = "entities",
    convert: Callable[[Json], T] = _identity,
) -> list[T]:
    pages = iter_pages(
        client,
        method,
        body,
        per_page=per_page,
        concurrency=concurrency,
        on_total=on_total,
        items_key=items_key,
        convert=convert,
    )
    return [item async for item in iter_items(pages)]


async def iter_items(pages: AsyncGenerator[Page[T], None]) -> AsyncIterator[T]:
    """Flatten a page iterator into items."""
    async with aclosing(pages):
        async for page in pages:
            for item in page.items:
                yield item


def _check_count(method: str, received: int, total: int) -> None:
    if received != total:
        raise PaginationError(f"received {received} items, the server announced {total}", method=method)


async def _cancel_all(tasks: deque[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
    tasks.clear()

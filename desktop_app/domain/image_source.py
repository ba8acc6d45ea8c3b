"""Pages of images for the item model: one scope (all, a dataset, a collection)
under one FilterSpec, sorted as the table asks.

Most work is the server's: the filter goes into images.list (videos.list,
point-clouds.list: `item_type`, the project's type), pages are asked for one
at a time. Two things the server cannot do make this source load the
whole (server-filtered) list once and serve pages from memory:
- sorting by a column the server cannot sort by (size, tags: `client_keys`);
- filter chips a server does not do (`client_side()` of the domain filter).
That is allowed only for lists of at most `local_limit` items; a longer list
raises ListTooLarge, whose text tells the user what to do."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop_app.api.client import ApiClient
from desktop_app.api.records import Image
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import (
    ALL_SERVER_SIDE,
    QUEUE_STATUSES,
    WIRE_QUEUE_STATUS,
    FilterSpec,
    client_side,
    list_body,
)
from desktop_app.domain.pages import Page

# images.list sort fields of the bundled server (server/image_filters.py IMAGE_FIELDS),
# with the record attribute used when the list is sorted in memory instead.
SERVER_SORTS: dict[str, str] = {
    "id": "id",
    "name": "name",
    "datasetId": "dataset_id",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "labelsCount": "labels_count",
    # evaluation counts (docs/evaluation-api.md)
    "fpCount": "fp_count",
    "tpCount": "tp_count",
    "fnCount": "fn_count",
}
LOCAL_LIMIT = 20_000
LOAD_PER_PAGE = 5_000  # the bundled server's default page; one request per 5,000 items

Progress = Callable[[int, int], None]
SortKey = Callable[[Image], Any]


class ListTooLarge(Exception):
    """The list is too long to be loaded whole for a client-side sort or filter."""


def size_key(image: Image) -> tuple[int, int]:
    """Width × height sorts by area, then by width."""
    return (image.width or 0) * (image.height or 0), image.width or 0


def _attribute_key(attribute: str) -> SortKey:
    def key(image: Image) -> Any:
        value = getattr(image, attribute)
        return (value is None, value if value is not None else 0)

    return key


class ImageListSource:
    def __init__(
        self,
        api: ApiClient,
        project_id: int,
        scope: Scope,
        spec: FilterSpec,
        *,
        server: frozenset[str] = ALL_SERVER_SIDE,
        client_keys: Mapping[str, SortKey] | None = None,
        local_limit: int = LOCAL_LIMIT,
        load_per_page: int = LOAD_PER_PAGE,
        item_type: str = "images",
        extra_fields: Sequence[str] = (),
    ) -> None:
        self.api = api
        self.extra_fields = list(extra_fields)  # e.g. ["evaluation"]: asked only when a view shows them
        self.items = api.items(item_type)  # images.list, videos.list or point-clouds.list
        self.project_id = project_id
        self.scope = scope
        self.spec = spec
        self.client_keys = dict(client_keys or {"size": size_key})
        self.local_limit = local_limit
        self.load_per_page = load_per_page
        self._server = server
        self._predicate = client_side(spec, server=server)  # raises for chips only a server can do
        self._request: dict[str, Any] | None = None
        self._request_lock = asyncio.Lock()
        self._all: list[Image] | None = None
        self._all_lock = asyncio.Lock()
        self._sorted: dict[tuple[str, bool], list[Image]] = {}

    def sortable(self, key: str) -> bool:
        return key in SERVER_SORTS or key in self.client_keys

    def needs_local(self, sort: tuple[str, bool] | None) -> bool:
        """Whether pages in this order come from the whole list in memory."""
        return self._predicate is not None or (sort is not None and sort[0] not in SERVER_SORTS)

    # -- PageSource -----------------------------------------------------------
    async def fetch(self, page: int, per_page: int, sort: tuple[str, bool] | None) -> Page:
        if sort is not None and not self.sortable(sort[0]):
            raise ValueError(f"cannot sort by {sort[0]!r}")
        if self.needs_local(sort):
            items = await self._locally_sorted(sort)
            start = (page - 1) * per_page
            return Page(len(items), items[start : start + per_page])
        key, descending = sort or ("id", False)
        result = await self.items.page(
            page, per_page, **await self._scope_request(), sort=key, sort_order="desc" if descending else "asc"
        )
        return Page(result.total, result.items)

    # -- whole list -------------------------------------------------------------
    async def all_ids(self, progress: Progress | None = None) -> list[int]:
        """Ids of every matching item, listed page by page through the api."""
        if self._predicate is not None or self._all is not None:
            return [image.id for image in await self._load_all(progress)]
        ids: list[int] = []
        async for page in self.items.iter_pages(per_page=self.load_per_page, **await self._scope_request()):
            ids.extend(image.id for image in page.items)
            if progress is not None:
                progress(len(ids), page.total)
        return ids

    async def _locally_sorted(self, sort: tuple[str, bool] | None) -> list[Image]:
        items = await self._load_all()
        sort = sort or ("id", False)
        if sort not in self._sorted:
            key = self.client_keys.get(sort[0]) or _attribute_key(SERVER_SORTS[sort[0]])
            # the id breaks ties, as the server does, so pages are stable
            self._sorted[sort] = sorted(items, key=lambda image: (key(image), image.id), reverse=sort[1])
        return self._sorted[sort]

    async def _load_all(self, progress: Progress | None = None) -> list[Image]:
        async with self._all_lock:  # concurrent page requests share one load
            if self._all is None:
                self._all = await self._fetch_all(progress)
        return self._all

    async def _fetch_all(self, progress: Progress | None) -> list[Image]:
        request = await self._scope_request()
        first = await self.items.page(1, self.load_per_page, **request)
        if first.total > self.local_limit:
            raise ListTooLarge(self._too_large_text(first.total))
        items = list(first.items)
        if progress is not None:
            progress(len(items), first.total)
        pages = range(2, first.pages_count + 1)
        for result in await asyncio.gather(*(self.items.page(p, self.load_per_page, **request) for p in pages)):
            items.extend(result.items)
        if progress is not None:
            progress(len(items), first.total)
        if self._predicate is not None:
            items = [image for image in items if self._predicate(image)]
        return items

    def _too_large_text(self, total: int) -> str:
        limit = f"{self.local_limit:,}"
        if self._predicate is not None:
            return (
                f"This server cannot apply some of the filters itself, and {total:,} items are too many "
                f"to filter here (the limit is {limit}); narrow the other filters first."
            )
        return f"Sorting by this column needs a list under {limit} items ({total:,} now); narrow the filter."

    # -- the images.list request --------------------------------------------------
    async def _scope_request(self) -> dict[str, Any]:
        """Keyword arguments of api.images for this scope and filter (queue ids looked up once)."""
        async with self._request_lock:
            if self._request is None:
                queue_ids = await self._queue_entity_ids()
                body = list_body(self.spec, project_id=self.project_id, queue_entity_ids=queue_ids, server=self._server)
                request: dict[str, Any] = {"filter": body["filter"], "filters": body.get("filters", [])}
                if self.scope.kind == "dataset":
                    request.update(dataset_id=self.scope.id, recursive=True)
                else:
                    request["project_id"] = self.project_id
                if self.scope.kind == "collection":
                    request["collection_id"] = self.scope.id
                if self.extra_fields:
                    request["extra_fields"] = self.extra_fields
                self._request = request
        return self._request

    async def _queue_entity_ids(self) -> Sequence[int] | None:
        if not self.spec.is_active("queue_status") or "queue_status" not in self._server:
            return None
        qs = self.spec.queue_status
        assert qs is not None
        states = [WIRE_QUEUE_STATUS[s] for s in QUEUE_STATUSES if s in qs.statuses]
        entities = await self.api.queues.entities(qs.queue_id, states=states, per_page=500)
        return [e.id for e in entities]

"""Images: listing (all pages, lazily by page, or by token), info, bytes, removal.

Videos and point clouds are listed the same way (`ItemsApi` with another
method prefix: api/videos.py, `PointCloudListApi` below), so the gallery and its
filters work on every project type. A listing is scoped by exactly one of `project_id` (every image of the
project) or `dataset_id` (`recursive` to include nested datasets). `filter`
takes field conditions (see query.cond), `filters` typed filters;
`collection_id` adds the entities_collection filter the SDK uses for a
collection's items.

`walk` reads a whole scope fastest: by id (keyset.py) and, for images, with
the v3 `fields` parameter asking only for what the records need (the SDK's
full ImageInfo also carries hash, meta, signed paths, the creator...)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence

from .base import Area, Json
from .keyset import KEYSET_PER_PAGE, iter_keyset_pages
from .pagination import (
    Page,
    TotalCallback,
    fetch_page,
    iter_pages,
    iter_token_pages,
    list_all,
)
from .query import collection_filter
from .records import Image

# images.list `fields`: every key Image.from_json reads for an image, so the record is whole.
RECORD_FIELDS = (
    "id",
    "name",
    "datasetId",
    "projectId",
    "width",
    "height",
    "labelsCount",
    "tags",
    "mime",
    "size",
    "fullStorageUrl",
    "createdAt",
    "updatedAt",
)
# What a gallery or a table of items shows (no tags, no timestamps): the cheapest useful listing.
GALLERY_FIELDS = tuple(f for f in RECORD_FIELDS if f not in ("tags", "createdAt", "updatedAt"))

# Ids per images.bulk.remove request: the SDK's RemoveableBulkModuleApi.remove_batch default.
REMOVE_BATCH_SIZE = 50


def list_body(
    *,
    project_id: int | None = None,
    dataset_id: int | None = None,
    filter: Sequence[Json] = (),
    filters: Sequence[Json] = (),
    collection_id: int | None = None,
    sort: str = "id",
    sort_order: str = "asc",
    recursive: bool = False,
    force_metadata_for_links: bool = True,
    extra_fields: Sequence[str] | None = None,
) -> Json:
    """The images.list body, key for key as the SDK's ImageApi.get_list builds it."""
    if (project_id is None) == (dataset_id is None):
        raise ValueError("give exactly one of project_id and dataset_id")
    body: Json = {
        "projectId": project_id,
        "datasetId": dataset_id,
        "filter": list(filter),
        "sort": sort,
        "sort_order": sort_order,
        "forceMetadataForLinks": force_metadata_for_links,
        "recursive": recursive,
    }
    typed = list(filters)
    if collection_id is not None:
        typed.append(collection_filter(collection_id))
    if typed:
        body["filters"] = typed
    if extra_fields is not None:
        body["extraFields"] = list(extra_fields)
    return body


class ItemsApi(Area):
    """Listing, info and bytes of one kind of item: `<prefix>.list`, `.info`, `.download`."""

    prefix = "images"

    def _body(self, scope: Json) -> Json:
        return list_body(**scope)

    async def list(
        self, *, on_total: TotalCallback | None = None, per_page: int | None = None, concurrency: int = 4, **scope
    ) -> list[Image]:
        """Every image of the scope (keyword arguments of `list_body`)."""
        return await list_all(
            self._client,
            f"{self.prefix}.list",
            self._body(scope),
            per_page=per_page,
            concurrency=concurrency,
            on_total=on_total,
            convert=Image.from_json,
        )

    async def walk(
        self,
        *,
        fields: Sequence[str] | None = RECORD_FIELDS,
        per_page: int = KEYSET_PER_PAGE,
        on_total: TotalCallback | None = None,
        **scope,
    ) -> builtins.list[Image]:  # `list` here is the method above
        """Every item of the scope in id order, read by id (keyset) with only `fields`
        (images.list; None asks for the full answer). Keys not asked stay None in the records."""
        items: builtins.list[Image] = []
        async for page in self.iter_walk(fields=fields, per_page=per_page, on_total=on_total, **scope):
            items.extend(page.items)
        return items

    def iter_walk(
        self,
        *,
        fields: Sequence[str] | None = RECORD_FIELDS,
        per_page: int = KEYSET_PER_PAGE,
        on_total: TotalCallback | None = None,
        **scope,
    ) -> AsyncIterator[Page[Image]]:
        """The pages of `walk` as they arrive."""
        body = self._body(scope)
        if fields is not None and self.prefix == "images":  # only images.list is known to take `fields`
            body["fields"] = list(fields)
        return iter_keyset_pages(
            self._client, f"{self.prefix}.list", body, convert=Image.from_json, per_page=per_page, on_total=on_total
        )

    def iter_pages(
        self, *, on_total: TotalCallback | None = None, per_page: int | None = None, concurrency: int = 4, **scope
    ) -> AsyncIterator[Page[Image]]:
        """Pages in order as they arrive, later pages fetched concurrently."""
        return iter_pages(
            self._client,
            f"{self.prefix}.list",
            self._body(scope),
            per_page=per_page,
            concurrency=concurrency,
            on_total=on_total,
            convert=Image.from_json,
        )

    async def page(self, page: int, per_page: int, **scope) -> Page[Image]:
        """One page, for views that load lazily; `Page.total` sizes the view."""
        method, body = f"{self.prefix}.list", self._body(scope)
        return await fetch_page(self._client, method, body, page=page, per_page=per_page, convert=Image.from_json)

    def iter_token_pages(
        self, *, per_page: int | None = None, on_total: TotalCallback | None = None, **scope
    ) -> AsyncIterator[Page[Image]]:
        """Token (cursor) pagination, as the SDK's get_list_generator."""
        body = self._body(scope)
        body.pop("recursive", None)  # the SDK's generator body has no `recursive`
        return iter_token_pages(
            self._client, f"{self.prefix}.list", body, per_page=per_page, on_total=on_total, convert=Image.from_json
        )

    async def info(self, image_id: int) -> Image:
        return Image.from_json(await self._read(f"{self.prefix}.info", {"id": image_id, "forceMetadataForLinks": True}))

    async def download(self, image_id: int) -> bytes:
        """The original file's bytes."""
        return await self._client.call_bytes(f"{self.prefix}.download", {"id": image_id}, idempotent=True)

    async def preview(self, image: Image, width: int, height: int = 0) -> bytes:
        """A server-resized preview (JPEG), e.g. for a thumbnail (of a video: its preview frame)."""
        url = image.preview_url(width, height)
        if url is None:
            raise ValueError(f"item {image.id} has no storage URL")
        return await self._client.get_bytes(url)


class ImagesApi(ItemsApi):
    async def remove(self, image_ids: Sequence[int], *, batch_size: int = REMOVE_BATCH_SIZE) -> None:
        """Delete images, as `api.image.remove_batch`: `{"imageIds": [...]}` per batch, in order.

        A write, so each batch is sent once; a failure raises and the batches
        before it stay deleted. Ids already gone are not an error."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        ids = list(image_ids)
        for start in range(0, len(ids), batch_size):
            await self._write("images.bulk.remove", {"imageIds": ids[start : start + batch_size]})


def typed_body(scope: Json) -> Json:
    """The list body of videos.list / point-clouds.list: the images.list keys, without
    the empty scope key (those methods take either datasetId or projectId)."""
    return {key: value for key, value in list_body(**scope).items() if value is not None}


class PointCloudListApi(ItemsApi):
    """point-clouds.list / info / download (PointcloudInfo: pointsCount)."""

    prefix = "point-clouds"

    def _body(self, scope: Json) -> Json:
        return typed_body(scope)

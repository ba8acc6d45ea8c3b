"""Images and their annotations: one item's record and labels, the bytes of
a preview, a full image or a thumbnail, and the size of a collection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.client import ApiClient
from desktop_app.api.records import Image
from desktop_app.domain.preview_cache import CachedPreviews, PreviewDiskCache


class ImagesService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def info(self, image_id: int) -> Image:
        return await self._api.images.info(image_id)

    async def annotation(self, image_id: int) -> Annotation:
        return await self._api.annotations.info(image_id)

    async def annotations(self, dataset_id: int, image_ids: Sequence[int]) -> list[Annotation]:
        """Annotations of several images of one dataset, in as few requests as the server allows."""
        return await self._api.annotations.bulk_info(dataset_id, list(image_ids))

    async def preview(self, image: Image, width: int) -> bytes:
        return await self._api.images.preview(image, width)

    async def download(self, image_id: int) -> bytes:
        return await self._api.images.download(image_id)

    async def bytes_at(self, url: str) -> bytes:
        """A thumbnail (or any image) the server gave a URL for."""
        return await self._api.connection.get_bytes(url)

    def cached_previews(self, cache_dir: Path) -> CachedPreviews:
        """Thumbnails' bytes through this server's disk cache (a second session fetches none)."""
        return CachedPreviews(self.file_at, PreviewDiskCache(Path(cache_dir) / "previews", self._api.server_address))

    async def file_at(self, url: str, etag: str | None = None) -> tuple[bytes | None, str | None]:
        """(bytes, ETag) at a URL the server gave; (None, etag) when `etag` is still current (304)."""
        return await self._api.connection.get_file(url, etag)

    async def collection_size(self, project_id: int, collection_id: int, project_type: str = "images") -> int:
        """Items in a collection, for servers that do not send the count with the collection."""
        page = await self._api.items(project_type).page(1, 1, project_id=project_id, collection_id=collection_id)
        return page.total

"""Calls whose wire method depends on the project's type (images, videos,
point clouds): one item's record, and the boxes a gallery tile draws."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.client import ApiClient
from desktop_app.api.records import Image

PREVIEW_FRAME = 0  # the frame a video's tile shows (the server's previewFrame)


class ItemsService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def info(self, project_type: str, item_id: int) -> Image:
        return await self._api.items(project_type).info(item_id)

    async def preview_annotations(
        self, project_type: str, dataset_id: int, item_ids: Sequence[int]
    ) -> list[Annotation]:
        """What a tile draws over its picture, as image annotations: an image's boxes, a
        video's boxes on its preview frame; none for a point cloud (its cuboids are 3D)."""
        if project_type == "videos":
            videos = await self._api.videos.annotations(dataset_id, item_ids)
            return [video.frame_annotation(PREVIEW_FRAME, dataset_id) for video in videos]
        if project_type == "point_clouds":
            return []
        return await self._api.annotations.bulk_info(dataset_id, list(item_ids))

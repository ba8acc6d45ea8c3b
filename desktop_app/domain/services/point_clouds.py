"""Point clouds for the point-cloud viewer: one cloud's record, its
annotation, and its points. The .pcd file is downloaded once into the app's
cache folder; reading and parsing it (and computing its colours) run in a
worker thread, so the window stays responsive while a big cloud loads."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.api.client import ApiClient
from desktop_app.api.point_cloud_records import PointCloudAnnotation
from desktop_app.api.records import Image
from desktop_app.domain.point_clouds.file_cache import FileCache

if TYPE_CHECKING:  # numpy and pypcd4 load with the first cloud, not with the window (start-up time)
    import numpy as np

    from desktop_app.domain.point_clouds.pcd_file import CloudPoints
    from desktop_app.domain.point_clouds.point_colors import ColorBy


@dataclass(frozen=True, eq=False)
class LoadedCloud:
    points: CloudPoints
    colors: np.ndarray  # RGBA floats per point
    path: Path


class PointCloudsService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def info(self, point_cloud_id: int) -> Image:
        return await self._api.point_clouds.info(point_cloud_id)

    async def annotation(self, dataset_id: int, point_cloud_id: int) -> PointCloudAnnotation:
        return await self._api.point_clouds.annotation(dataset_id, point_cloud_id)

    async def annotations(self, dataset_id: int, point_cloud_ids: list[int]) -> list[PointCloudAnnotation]:
        return await self._api.point_clouds.annotations(dataset_id, point_cloud_ids)

    def cache(self, cache_dir: Path) -> FileCache:
        return FileCache(Path(cache_dir) / "point_clouds", self._api.server_address)

    async def file(self, cloud: Image, cache_dir: Path) -> Path:
        """The cloud's .pcd file on disk (downloaded when not cached yet)."""
        cache = self.cache(cache_dir)
        cached = await asyncio.to_thread(cache.get, cloud.id, cloud.size)
        if cached is not None:
            return cached
        data = await self._api.point_clouds.download(cloud.id)
        return await asyncio.to_thread(cache.put, cloud.id, data)

    async def load(self, cloud: Image, cache_dir: Path, color_by: ColorBy = "height") -> LoadedCloud:
        """The cloud's points and their colours, parsed off the GUI thread."""
        path = await self.file(cloud, cache_dir)

        def parse() -> LoadedCloud:
            from desktop_app.domain.point_clouds.pcd_file import read_pcd
            from desktop_app.domain.point_clouds.point_colors import point_colors

            points = read_pcd(path)
            return LoadedCloud(points, point_colors(points, color_by), path)

        return await asyncio.to_thread(parse)

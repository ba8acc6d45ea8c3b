"""Point clouds: a dataset's list, one record, the .pcd file's bytes, the
annotations of several (bulk, as the SDK's `download_bulk`), and a save.

`point-clouds.annotations.save` {pointCloudId, annotation, expectedVersion}
replaces the whole annotation: it is the bundled server's extension (the
platform writes point cloud annotations object by object, with keys)."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Sequence

from .annotations import BATCH, _chunks
from .base import Area, Json
from .errors import BadResponse
from .pagination import TotalCallback, list_all
from .point_cloud_records import PointCloud, PointCloudAnnotation
from .query import with_sort


class PointCloudsApi(Area):
    async def list(self, dataset_id: int, *, on_total: TotalCallback | None = None) -> list[PointCloud]:
        body = with_sort({"datasetId": dataset_id})
        return await list_all(self._client, "point-clouds.list", body, on_total=on_total, convert=PointCloud.from_json)

    async def info(self, point_cloud_id: int) -> PointCloud:
        return PointCloud.from_json(await self._read("point-clouds.info", {"id": point_cloud_id}))

    async def download(self, point_cloud_id: int) -> bytes:
        """The .pcd file's bytes."""
        return await self._client.call_bytes("point-clouds.download", {"id": point_cloud_id}, idempotent=True)

    async def annotations(self, dataset_id: int, point_cloud_ids: Sequence[int]) -> builtins.list[PointCloudAnnotation]:
        """Annotations of point clouds of one dataset, in the order of `point_cloud_ids`."""
        method = "point-clouds.annotations.bulk.info"

        async def one(batch: Sequence[int]) -> builtins.list[PointCloudAnnotation]:
            body = {"datasetId": dataset_id, "pointCloudIds": list(batch)}  # the SDK's names
            answer = await self._read(method, body)
            if not isinstance(answer, list) or not all(isinstance(a, dict) for a in answer):
                raise BadResponse(f"{method} did not return a list of annotations", status=200, method=method)
            # an answer that names no point cloud is taken to be in the order asked
            named = all(isinstance(a.get("pointCloudId", a.get("entityId")), int) for a in answer)
            if not named and len(answer) != len(batch):
                raise BadResponse(f"{method} answered {len(answer)} of {len(batch)}", status=200, method=method)
            if named:
                return [PointCloudAnnotation.from_json(a) for a in answer]
            return [PointCloudAnnotation.from_json(a, i) for a, i in zip(answer, batch, strict=True)]

        batches = await asyncio.gather(*(one(b) for b in _chunks(list(point_cloud_ids), BATCH)))
        by_id = {a.point_cloud_id: a for batch in batches for a in batch}
        return [by_id[i] for i in point_cloud_ids if i in by_id]

    async def annotation(self, dataset_id: int, point_cloud_id: int) -> PointCloudAnnotation:
        found = await self.annotations(dataset_id, [point_cloud_id])
        if not found:
            method = "point-clouds.annotations.bulk.info"
            raise BadResponse(f"{method} returned no annotation for {point_cloud_id}", status=200, method=method)
        return found[0]

    async def save_annotation(
        self, point_cloud_id: int, annotation: Json, *, expected_version: int | None = None
    ) -> int | None:
        """Replace a point cloud's whole annotation; the new version (None when the server keeps none).

        With `expected_version` (PointCloudAnnotation.version) the server refuses with
        409 (`EditConflict`) when someone saved the annotation since it was read."""
        body: Json = {"pointCloudId": point_cloud_id, "annotation": annotation}
        if expected_version is not None:
            body["expectedVersion"] = expected_version
        answer = await self._write("point-clouds.annotations.save", body)
        version = answer.get("version") if isinstance(answer, dict) else None
        return version if isinstance(version, int) else None

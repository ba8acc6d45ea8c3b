"""Point clouds: the listing, record and file of images.py's PointCloudListApi
(point-clouds.list / info / download, records as `Image` with `points_count`),
plus their annotations: several at once (bulk, as the SDK's `download_bulk`)
and a save.

`point-clouds.annotations.save` {pointCloudId, annotation, expectedVersion}
replaces the whole annotation: it is the bundled server's extension (the
platform writes point cloud annotations object by object, with keys)."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Sequence

from .annotations import BATCH, _chunks
from .base import Json
from .errors import BadResponse
from .images import PointCloudListApi
from .point_cloud_records import PointCloudAnnotation

BULK_INFO = "point-clouds.annotations.bulk.info"


class PointCloudsApi(PointCloudListApi):
    async def annotations(self, dataset_id: int, point_cloud_ids: Sequence[int]) -> builtins.list[PointCloudAnnotation]:
        """Annotations of point clouds of one dataset, in the order of `point_cloud_ids`."""

        async def one(batch: Sequence[int]) -> builtins.list[PointCloudAnnotation]:
            body = {"datasetId": dataset_id, "pointCloudIds": list(batch)}  # the SDK's names
            answer = await self._read(BULK_INFO, body)
            if not isinstance(answer, list) or not all(isinstance(a, dict) for a in answer):
                raise BadResponse(f"{BULK_INFO} did not return a list of annotations", status=200, method=BULK_INFO)
            # an answer that names no point cloud is taken to be in the order asked
            named = all(isinstance(a.get("pointCloudId", a.get("entityId")), int) for a in answer)
            if named:
                return [PointCloudAnnotation.from_json(a) for a in answer]
            if len(answer) != len(batch):
                raise BadResponse(f"{BULK_INFO} answered {len(answer)} of {len(batch)}", status=200, method=BULK_INFO)
            return [PointCloudAnnotation.from_json(a, i) for a, i in zip(answer, batch, strict=True)]

        batches = await asyncio.gather(*(one(b) for b in _chunks(list(point_cloud_ids), BATCH)))
        by_id = {a.point_cloud_id: a for batch in batches for a in batch}
        return [by_id[i] for i in point_cloud_ids if i in by_id]

    async def annotation(self, dataset_id: int, point_cloud_id: int) -> PointCloudAnnotation:
        found = await self.annotations(dataset_id, [point_cloud_id])
        if not found:
            raise BadResponse(f"{BULK_INFO} returned no annotation for {point_cloud_id}", status=200, method=BULK_INFO)
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

"""Annotations: read one, many (bulk, 50 per request as the SDK), a dataset's
list; write with `annotations.bulk.add` (the method the SDK's upload_* use),
which replaces the annotation of each image sent.

Coordinates stay in wire form (right/bottom exclusive); see annotation_records."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence

from .annotation_records import Annotation
from .base import Area, Json
from .errors import BadResponse
from .pagination import TotalCallback, list_all
from .query import with_sort

BATCH = 50  # ids per annotations.bulk.info / bulk.add request, as the SDK


def _chunks(seq: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class AnnotationsApi(Area):
    async def info(self, image_id: int) -> Annotation:
        body = {"imageId": image_id, "withCustomBigData": False, "forceMetadataForLinks": True, "integerCoords": False}
        return Annotation.from_json(await self._read("annotations.info", body))

    async def bulk_info(self, dataset_id: int, image_ids: Sequence[int]) -> list[Annotation]:
        """Annotations of images of one dataset, in the order of `image_ids`."""

        async def one(batch: Sequence[int]) -> list[Json]:
            body = {
                "datasetId": dataset_id,
                "imageIds": list(batch),
                "withCustomBigData": False,
                "forceMetadataForLinks": True,
                "integerCoords": False,
            }
            answer = await self._read("annotations.bulk.info", body)
            if not isinstance(answer, list):
                raise BadResponse(
                    "annotations.bulk.info did not return a list", status=200, method="annotations.bulk.info"
                )
            return answer

        batches = await asyncio.gather(*(one(b) for b in _chunks(list(image_ids), BATCH)))
        by_id = {a.image_id: a for batch in batches for a in map(Annotation.from_json, batch)}
        return [by_id[i] for i in image_ids if i in by_id]

    async def list(
        self, dataset_id: int, filter: Sequence[Json] = (), *, on_total: TotalCallback | None = None
    ) -> list[Annotation]:
        body = with_sort({"datasetId": dataset_id, "filter": list(filter), "forceMetadataForLinks": True})
        return await list_all(self._client, "annotations.list", body, on_total=on_total, convert=Annotation.from_json)

    async def upload(
        self,
        dataset_id: int,
        annotations: Mapping[int, Annotation | Json],
        *,
        skip_bounds_validation: bool = False,
        expected_versions: Mapping[int, int | None] | None = None,
    ) -> dict[int, int]:
        """Replace the annotations of images of one dataset: {image_id: Annotation or its JSON}.

        `expected_versions` ({image_id: version}, from Annotation.version) makes
        the save conditional: if someone saved one of those images since, the
        server refuses the whole request with 409 (`EditConflict`, naming the
        images) and writes nothing. An image without a version is saved as is.

        Sent in requests of 50 images, one after another; a failure leaves the
        earlier requests applied (each request is atomic on the server).
        Returns {image_id: new version} for the images the server reported."""
        expected = expected_versions or {}
        items = []
        for image_id, ann in annotations.items():
            item: Json = {"imageId": image_id, "annotation": ann.to_json() if isinstance(ann, Annotation) else ann}
            if expected.get(image_id) is not None:
                item["expectedVersion"] = expected[image_id]
            items.append(item)
        versions: dict[int, int] = {}
        for batch in _chunks(items, BATCH):
            body = {"datasetId": dataset_id, "annotations": list(batch), "skipBoundsValidation": skip_bounds_validation}
            versions.update(_new_versions(await self._write("annotations.bulk.add", body)))
        return versions


def _new_versions(answer: object) -> dict[int, int]:
    """{imageId: version} from the bundled server's answer
    ({"annotations": [{"imageId", "version", ...}]}); {} from any other shape."""
    rows = answer.get("annotations") if isinstance(answer, dict) else answer
    out: dict[int, int] = {}
    for row in rows if isinstance(rows, list) else ():
        if isinstance(row, dict) and isinstance(row.get("imageId"), int) and isinstance(row.get("version"), int):
            out[row["imageId"]] = row["version"]
    return out

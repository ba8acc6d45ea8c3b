"""Videos: listed like images (`videos.list` takes the same filters), their
bytes (`videos.download`), their annotations (`videos.annotations.bulk.info`,
the Supervisely video format) and this server's whole-annotation save
(`videos.annotations.save`, see docs/wire-contract.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from .base import Json
from .errors import BadResponse
from .images import ItemsApi, typed_body
from .video_records import VideoAnnotation

BATCH = 50  # ids per videos.annotations.bulk.info request, as annotations.bulk.info


class VideosApi(ItemsApi):
    prefix = "videos"

    def _body(self, scope: Json) -> Json:
        return typed_body(scope)

    async def annotations(self, dataset_id: int, video_ids: Sequence[int]) -> list[VideoAnnotation]:
        """Annotations of videos of one dataset, in the order of `video_ids`."""
        ids = list(video_ids)

        async def one(batch: list[int]) -> list[Json]:
            method = "videos.annotations.bulk.info"
            answer = await self._read(method, {"datasetId": dataset_id, "entityIds": batch})
            if not isinstance(answer, list):
                raise BadResponse(f"{method} did not return a list", status=200, method=method)
            return answer

        batches = await asyncio.gather(*(one(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH)))
        by_id = {a.video_id: a for batch in batches for a in map(VideoAnnotation.from_json, batch)}
        return [by_id[i] for i in ids if i in by_id]

    async def annotation(self, dataset_id: int, video_id: int) -> VideoAnnotation:
        found = await self.annotations(dataset_id, [video_id])
        if not found:
            raise BadResponse(
                f"the server sent no annotation for video {video_id}",
                status=200,
                method="videos.annotations.bulk.info",
            )
        return found[0]

    async def save_annotation(self, video_id: int, annotation: Json) -> Json:
        """Replace the whole annotation of a video (a write: sent once)."""
        answer = await self._write("videos.annotations.save", {"videoId": video_id, "annotation": annotation})
        return answer if isinstance(answer, dict) else {}

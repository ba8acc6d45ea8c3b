"""Saving a video's annotation: through the Outbox like an image's (on disk
first, never lost offline), as one whole-annotation replacement
(`videos.annotations.save`, kind "videos.annotations.save"), to the video's
dataset of origin. The outcome is the image saver's: "saved", "queued"
(kept and sent when the server is back) or "failed" with the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .annotation_save import AnnotationSaver, SaveResult
from .outbox import Outbox

SAVE_VIDEO = "videos.annotations.save"


def video_annotation_sender(api: Any):
    """The OutboxSender for "videos.annotations.save" (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> int | None:
        if kind != SAVE_VIDEO:
            raise ValueError(f"unknown video annotation edit {kind!r}")
        answer = await api.videos.save_annotation(payload["videoId"], payload["annotation"])
        version = answer.get("version")
        return version if isinstance(version, int) else None

    return send


class VideoAnnotationSaver(AnnotationSaver):
    def __init__(self, outbox: Outbox, api: Any = None) -> None:
        super().__init__(outbox, api)

    async def save(  # type: ignore[override]
        self,
        image_id: int,
        dataset_id: int,
        annotation_json: Mapping[str, Any],
        expected_version: int | None,
        timeout: float = 10.0,
    ) -> SaveResult:
        """The BoxEditor's save call: `image_id` is the video's id. The whole annotation
        replaces the server's (this server keeps no version of video annotations)."""
        payload = {"datasetId": dataset_id, "videoId": image_id, "annotation": dict(annotation_json)}
        sent = self.outbox.enqueue(SAVE_VIDEO, payload)  # on disk before any network call
        return await self._outcome(sent, image_id, timeout)

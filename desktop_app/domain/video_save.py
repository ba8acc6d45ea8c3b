"""Saving a video's annotation: through the Outbox like an image's (on disk
first, never lost offline), as one whole-annotation replacement
(`videos.annotations.save`, kind "videos.annotations.save"), to the video's
dataset of origin, expecting the version that was read.

The outcome is the image saver's: "saved" (with the new version), "queued"
(kept, sent when the server is back), "conflict" (someone else saved the
video since: nothing was overwritten; `current` is theirs, a VideoAnnotation)
or "failed" with the reason. A resent save that had already landed (after a
crash) finds its own content on the server and is done. A save made while an
earlier one of the same video still waits in the outbox builds on it (it
expects no version: both are ours). A payload may name the content digests
of this client's own saves in `ownContents` (domain/triage_tag.py): a version
they left is built on, not reported as someone else's."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from desktop_app.api.errors import EditConflict

from .annotation_save import AnnotationSaver, SaveConflict, SaveResult
from .outbox import Outbox

SAVE_VIDEO = "videos.annotations.save"


def content(annotation: Mapping[str, Any]) -> tuple:
    """What a save changes, without the keys, ids and times the server adds."""

    def tags(items: Any) -> tuple:
        return tuple(sorted((t.get("name"), repr(t.get("value")), repr(t.get("frameRange"))) for t in items or ()))

    objects = tuple(
        sorted((o.get("key"), o.get("classTitle"), tags(o.get("tags"))) for o in annotation.get("objects") or ())
    )
    figures = tuple(
        sorted(
            (
                frame.get("index"),
                f.get("objectKey"),
                repr(((f.get("geometry") or {}).get("points") or {}).get("exterior")),
            )
            for frame in annotation.get("frames") or ()
            for f in frame.get("figures") or ()
        )
    )
    return tags(annotation.get("tags")), objects, figures


def content_digest(annotation: Mapping[str, Any]) -> str:
    """`content()` as a short string (it travels in an outbox payload's `ownContents`)."""
    return hashlib.sha256(repr(content(annotation)).encode()).hexdigest()[:32]


def video_annotation_sender(api: Any):
    """The OutboxSender for "videos.annotations.save" (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> int | None:
        if kind != SAVE_VIDEO:
            raise ValueError(f"unknown video annotation edit {kind!r}")
        video_id, annotation = payload["videoId"], payload["annotation"]
        expected = payload.get("expectedVersion")
        own = set(payload.get("ownContents") or ())
        while True:
            try:
                answer = await api.videos.save_annotation(video_id, annotation, expected)
            except EditConflict as conflict:
                current = await api.videos.annotation(payload["datasetId"], video_id)
                if content(current.raw) == content(annotation):
                    return current.version  # already there: a replay of this very save
                theirs = content_digest(current.raw)
                if theirs in own and current.version is not None and current.version != expected:
                    own.discard(theirs)  # our own earlier save landed meanwhile (a triage tag's undo): build on it
                    expected = current.version
                    continue
                raise SaveConflict(conflict, current) from None  # current: their VideoAnnotation
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
        """The BoxEditor's save call: `image_id` is the video's id."""
        waiting = any(op.kind == SAVE_VIDEO and op.payload.get("videoId") == image_id for op in self.outbox.pending())
        payload = {
            "datasetId": dataset_id,
            "videoId": image_id,
            "annotation": dict(annotation_json),
            "expectedVersion": None if waiting else expected_version,
        }
        sent = self.outbox.enqueue(SAVE_VIDEO, payload)  # on disk before any network call
        return await self._outcome(sent, image_id, timeout)

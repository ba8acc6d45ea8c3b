"""Saving a point cloud's annotation through the outbox: on disk first, then
sent (`point-clouds.annotations.save` replaces the whole annotation, so a
resend after a crash is harmless).

`CloudAnnotationSaver.save()` answers like the image saver (SaveResult):
"saved" when the server has it, "queued" when the server could not be
reached in time (the edit stays in the outbox and goes later), "failed" with
the server's reason. There is no version to conflict on: the last save wins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.annotation_save import SaveResult
from desktop_app.domain.outbox import Discarded, Outbox, describe

SAVE_CLOUD = "point-clouds.annotations.save"


def cloud_annotation_sender(api: Any):
    """The OutboxSender for point-cloud annotation saves (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> None:
        if kind != SAVE_CLOUD:
            raise ValueError(f"unknown point cloud edit {kind!r}")
        await api.point_clouds.save_annotation(payload["pointCloudId"], payload["annotation"])

    return send


class CloudAnnotationSaver:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def save(self, point_cloud_id: int, annotation: Mapping[str, Any], timeout: float = 10.0) -> SaveResult:
        sent = self.outbox.enqueue(SAVE_CLOUD, {"pointCloudId": point_cloud_id, "annotation": dict(annotation)})
        op_id = sent.op_id
        if not await sent.answered(timeout):
            reason = sent.held_up.result() + " " if sent.held_up.done() else ""
            return SaveResult(
                "queued",
                point_cloud_id,
                op_id=op_id,
                message=f"{reason}The edit is kept and will be sent when the server answers.",
            )
        error = sent.exception()
        if error is None:
            return SaveResult("saved", point_cloud_id, op_id=op_id)
        if isinstance(error, Discarded):
            return SaveResult("failed", point_cloud_id, message=str(error), op_id=op_id)
        self.outbox.discard(op_id)  # the viewer still holds the edit and the decision
        return SaveResult("failed", point_cloud_id, message=describe(error), op_id=op_id)

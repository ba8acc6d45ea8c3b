"""Saving a point cloud's annotation through the outbox: on disk first, then
sent with `point-clouds.annotations.save` (it replaces the whole
annotation), expecting the version that was read, so a save never
overwrites someone else's newer one.

`CloudAnnotationSaver.save()` answers like the image saver: "saved" (the
server has it; `new_version` to edit from next), "queued" (the server could
not be reached in time: the edit stays in the outbox and goes later),
"conflict" (someone else saved meanwhile; nothing was overwritten;
`current` is the server's annotation now, for the user to reload or
overwrite), or "failed" with the server's reason.

A resend after a crash finds its own content already there and is done."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.api.errors import EditConflict
from desktop_app.api.point_cloud_records import PointCloudAnnotation
from desktop_app.domain.outbox import Discarded, Outbox, describe

SAVE_CLOUD = "point-clouds.annotations.save"

Status = Literal["saved", "queued", "conflict", "failed"]


@dataclass(frozen=True)
class CloudSaveResult:
    status: Status
    point_cloud_id: int
    new_version: int | None = None
    current: PointCloudAnnotation | None = None  # conflict: the server's annotation now
    message: str = ""
    op_id: str | None = None


class CloudSaveConflict(EditConflict):
    """A 409 with the server's annotation now."""

    def __init__(self, conflict: EditConflict, current: PointCloudAnnotation) -> None:
        super().__init__(conflict.message or None, status=conflict.status, method=conflict.method)
        self.current = current


def essence(annotation: Mapping[str, Any] | None) -> tuple:
    """What a save decides (tags, classes and their tags, geometries), without keys, ids or times."""
    annotation = annotation or {}

    def tags(items: Any) -> tuple:
        return tuple(sorted((t.get("name") or "", repr(t.get("value"))) for t in items or ()))

    objects = {o.get("key"): o for o in annotation.get("objects") or ()}
    shapes = []
    for figure in annotation.get("figures") or ():
        obj = objects.get(figure.get("objectKey")) or {}
        geometry = figure.get("geometry") or {}
        numbers = tuple(round(float((geometry.get(p) or {}).get(a) or 0), 4) for p in sorted(geometry) for a in "xyz")
        shapes.append((obj.get("classTitle") or "", tags(obj.get("tags")), figure.get("geometryType") or "", numbers))
    return tags(annotation.get("tags")), tuple(sorted(shapes))


def cloud_annotation_sender(api: Any):
    """The OutboxSender for point-cloud annotation saves (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> int | None:
        if kind != SAVE_CLOUD:
            raise ValueError(f"unknown point cloud edit {kind!r}")
        cloud_id, annotation = payload["pointCloudId"], payload["annotation"]
        try:
            return await api.point_clouds.save_annotation(
                cloud_id, annotation, expected_version=payload.get("expectedVersion")
            )
        except EditConflict as conflict:
            current = await api.point_clouds.annotation(payload["datasetId"], cloud_id)
            if essence(current.raw) == essence(annotation):
                return current.version  # already there: a replay of this very save
            raise CloudSaveConflict(conflict, current) from None

    return send


class CloudAnnotationSaver:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def save(
        self,
        point_cloud_id: int,
        dataset_id: int,
        annotation: Mapping[str, Any],
        expected_version: int | None,
        timeout: float = 10.0,
    ) -> CloudSaveResult:
        payload = {
            "pointCloudId": point_cloud_id,
            "datasetId": dataset_id,
            "annotation": dict(annotation),
            "expectedVersion": expected_version,
        }
        sent = self.outbox.enqueue(SAVE_CLOUD, payload)  # on disk before any network call
        op_id = sent.op_id
        if not await sent.answered(timeout):
            reason = sent.held_up.result() + " " if sent.held_up.done() else ""
            return CloudSaveResult(
                "queued",
                point_cloud_id,
                op_id=op_id,
                message=f"{reason}The edit is kept and will be sent when the server answers.",
            )
        error = sent.exception()
        if error is None:
            return CloudSaveResult("saved", point_cloud_id, new_version=sent.result(), op_id=op_id)
        if isinstance(error, Discarded):
            return CloudSaveResult("failed", point_cloud_id, message=str(error), op_id=op_id)
        self.outbox.discard(op_id)  # the viewer still holds the edit and the decision
        if isinstance(error, CloudSaveConflict):
            return CloudSaveResult("conflict", point_cloud_id, current=error.current, message=str(error), op_id=op_id)
        return CloudSaveResult("failed", point_cloud_id, message=describe(error), op_id=op_id)

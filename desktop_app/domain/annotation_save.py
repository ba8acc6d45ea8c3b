"""Saving an edited annotation: through the Outbox, never lost, never over
someone else's newer save.

`AnnotationSaver.save()` first writes the edit to the outbox (kind
"annotations.save"; crash-safe: it is on disk before anything goes over the
network), then waits a little on the operation's `Sent` handle and says how
it went:

- "saved": the server has it; `new_version` is the version to edit from next.
- "queued": the server could not be reached (or did not answer in time). The
  edit stays in the outbox and is sent when the server is back.
- "conflict": someone else saved this image since the edit started (409).
  Nothing was overwritten; `current` is the server's annotation now, for the
  editor to offer: reload theirs, overwrite with mine (save again with
  `expected_version=result.current.version`), or keep editing.
- "failed": the server refused the edit for another reason (`message`).

A conflict or a failure that reached a waiting caller is removed from the
outbox: the editor still holds the edit and the decision. One that happens
later (after "queued") stays in the outbox as failed, with the server's
message, for the user to see there.

Saves go to the image's dataset of origin (`dataset_id` is the image's own
`datasetId`, whatever list it was opened from). The payload: {datasetId,
imageId, annotation (wire JSON), expectedVersion, ownContents}.
`ownContents` are the content keys of this client's earlier saves of the
image that may land before this one; when the server's newer
version is one of them (an earlier queued save went out meanwhile) the save
builds on it instead of reporting a conflict. A replay of a save that already
landed (the outbox resends after a crash) finds its own content and is done.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.errors import EditConflict

from .annotation_content import content_key
from .outbox import Discarded, Outbox, Sent, describe

SAVE = "annotations.save"

Status = Literal["saved", "queued", "conflict", "failed"]


@dataclass(frozen=True)
class SaveResult:
    status: Status
    image_id: int
    new_version: int | None = None  # saved: the server's version now (None if it keeps none)
    current: Annotation | None = None  # conflict: the server's annotation now
    message: str = ""  # queued / conflict / failed: a sentence for the user
    op_id: str | None = None


class SaveConflict(EditConflict):
    """A 409 with the server's annotation now (what the editor offers to reload)."""

    def __init__(self, conflict: EditConflict, current: Annotation) -> None:
        super().__init__(
            conflict.message or None,
            status=conflict.status,
            method=conflict.method,
            type=conflict.type,
            details=conflict.details,
            image_ids=conflict.image_ids,
        )
        self.current = current


def annotation_sender(api: Any):
    """The OutboxSender for "annotations.save" (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> int | None:
        if kind != SAVE:
            raise ValueError(f"unknown annotation edit {kind!r}")
        return await _save(api, payload)

    return send


async def _save(api: Any, payload: Mapping[str, Any]) -> int | None:
    image_id, annotation = payload["imageId"], payload["annotation"]
    expected = payload.get("expectedVersion")
    own = set(payload.get("ownContents") or ())
    while True:
        try:
            versions = await api.annotations.upload(
                payload["datasetId"], {image_id: annotation}, expected_versions={image_id: expected}
            )
            return versions.get(image_id)
        except EditConflict as conflict:
            current = await api.annotations.info(image_id)
            theirs = content_key(current.raw.get("annotation"))
            if theirs == content_key(annotation):
                return current.version  # already there: a replay of this very save
            if theirs in own and current.version is not None and current.version != expected:
                own.discard(theirs)  # our own earlier save landed meanwhile: build on it (once each)
                expected = current.version
                continue
            raise SaveConflict(conflict, current) from None


class AnnotationSaver:
    def __init__(self, outbox: Outbox, api: Any) -> None:
        self.outbox = outbox
        self.api = api
        # content keys of saves that did not come back "saved", per image, for ownContents
        self._unconfirmed: dict[int, set[str]] = {}

    async def save(
        self,
        image_id: int,
        dataset_id: int,
        annotation_json: Mapping[str, Any] | Annotation,
        expected_version: int | None,
        timeout: float = 10.0,
    ) -> SaveResult:
        if isinstance(annotation_json, Annotation):
            annotation_json = annotation_json.to_json()
        annotation = dict(annotation_json)
        key = content_key(annotation)
        payload = {
            "datasetId": dataset_id,
            "imageId": image_id,
            "annotation": annotation,
            "expectedVersion": expected_version,
            "ownContents": sorted(self._earlier_contents(image_id)),
        }
        sent = self.outbox.enqueue(SAVE, payload)  # on disk before any network call
        result = await self._outcome(sent, image_id, timeout)
        if result.status == "saved":
            self._unconfirmed.pop(image_id, None)
        elif result.status == "queued":
            self._unconfirmed.setdefault(image_id, set()).add(key)
        return result

    async def save_edit(
        self, original: Annotation, annotation_json: Mapping[str, Any] | Annotation, timeout: float = 10.0
    ) -> SaveResult:
        """Save an edit of `original` (as annotations.info returned it): to its
        dataset of origin, expecting its version."""
        if original.dataset_id is None:
            raise ValueError("the annotation does not say which dataset its image is in")
        return await self.save(original.image_id, original.dataset_id, annotation_json, original.version, timeout)

    def _earlier_contents(self, image_id: int) -> set[str]:
        keys = set(self._unconfirmed.get(image_id, ()))
        for op in self.outbox.pending():
            if op.kind == SAVE and op.payload.get("imageId") == image_id:
                keys.add(content_key(op.payload.get("annotation")))
                keys.update(op.payload.get("ownContents") or ())
        return keys

    async def _outcome(self, sent: Sent, image_id: int, timeout: float) -> SaveResult:
        """Saved, refused, or "queued" once the network holds it up or `timeout` passes."""
        op_id = sent.op_id
        if not await sent.answered(timeout):
            reason = sent.held_up.result() + " " if sent.held_up.done() else ""
            return SaveResult(
                "queued",
                image_id,
                op_id=op_id,
                message=(
                    f"{reason}The edit is kept and will be sent when the server is back."
                    if reason
                    else "The edit is waiting to be sent; it will be saved when the server answers."
                ),
            )
        error = sent.exception()
        if error is None:
            return SaveResult("saved", image_id, new_version=sent.result(), op_id=op_id)
        if isinstance(error, Discarded):
            return SaveResult("failed", image_id, message=str(error), op_id=op_id)
        self.outbox.discard(op_id)  # the caller now holds the edit and the decision
        if isinstance(error, SaveConflict):
            return SaveResult("conflict", image_id, current=error.current, message=str(error), op_id=op_id)
        return SaveResult("failed", image_id, message=describe(error), op_id=op_id)

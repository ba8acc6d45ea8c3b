"""Saving an edited annotation: through the Outbox, never lost, never over
someone else's newer save.

`AnnotationSaver.save()` first writes the edit to the outbox (kind
"annotations.save"; crash-safe: it is on disk before anything goes over the
network), then waits a little for the outbox to send it and says how it went:

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
`datasetId`, whatever list it was opened from). The payload:
{datasetId, imageId, annotation (wire JSON), expectedVersion, saveId,
ownContents}. `ownContents` are the content keys of this client's earlier
saves of the image that may land before this one; when the server's newer
version is one of them (an earlier queued save went out meanwhile) the save
builds on it instead of reporting a conflict. A replay of a save that already
landed (the outbox resends after a crash) finds its own content and is done.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.errors import EditConflict

from .annotation_content import content_key
from .outbox import Outbox, describe

SAVE = "annotations.save"
KINDS = (SAVE,)

Status = Literal["saved", "queued", "conflict", "failed"]


@dataclass(frozen=True)
class SaveResult:
    status: Status
    image_id: int
    new_version: int | None = None  # saved: the server's version now (None if it keeps none)
    current: Annotation | None = None  # conflict: the server's annotation now
    message: str = ""  # queued / conflict / failed: a sentence for the user
    op_id: str | None = None


@dataclass
class _Outcome:
    version: int | None = None
    error: BaseException | None = None
    current: Annotation | None = None


class _Outcomes:
    """What the sender saw for the saves a caller is waiting on, by saveId.
    Only expected saves are kept, so a replay nobody waits for leaves nothing."""

    def __init__(self) -> None:
        self._by_id: dict[str, _Outcome | None] = {}

    def expect(self, save_id: str) -> None:
        self._by_id[save_id] = None

    def report(self, save_id: Any, outcome: _Outcome) -> None:
        if save_id in self._by_id:
            self._by_id[save_id] = outcome

    def get(self, save_id: str) -> _Outcome | None:
        return self._by_id.get(save_id)

    def forget(self, save_id: str) -> None:
        self._by_id.pop(save_id, None)


# One per process: senders and savers meet here without being wired together
# (the outbox is built with its sender before any saver exists).
_outcomes = _Outcomes()


class _Refused(Exception):
    """Internal: a conflict, with the server's current annotation."""

    def __init__(self, error: EditConflict, current: Annotation) -> None:
        super().__init__(str(error))
        self.error, self.current = error, current


def annotation_sender(api: Any):
    """The OutboxSender for "annotations.save" (api: an api.ApiClient)."""

    async def send(kind: str, payload: dict[str, Any]) -> int | None:
        if kind != SAVE:
            raise ValueError(f"unknown annotation edit {kind!r}")
        save_id = payload.get("saveId")
        try:
            version = await _save(api, payload)
        except _Refused as refused:
            _outcomes.report(save_id, _Outcome(error=refused.error, current=refused.current))
            raise refused.error from None
        except Exception as exc:
            _outcomes.report(save_id, _Outcome(error=exc))
            raise
        _outcomes.report(save_id, _Outcome(version=version))
        return version

    return send


async def _save(api: Any, payload: Mapping[str, Any]) -> int | None:
    image_id, annotation = payload["imageId"], payload["annotation"]
    expected = payload.get("expectedVersion")
    own = set(payload.get("ownContents") or ())
    while True:
        try:
            versions = await api.annotations.upload(payload["datasetId"], {image_id: annotation},
                                                    expected_versions={image_id: expected})
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
            raise _Refused(conflict, current) from None


class AnnotationSaver:
    def __init__(self, outbox: Outbox, api: Any) -> None:
        self.outbox = outbox
        self.api = api
        # content keys of saves that did not come back "saved", per image, for ownContents
        self._unconfirmed: dict[int, set[str]] = {}

    async def save(self, image_id: int, dataset_id: int, annotation_json: Mapping[str, Any] | Annotation,
                   expected_version: int | None, timeout: float = 10.0) -> SaveResult:
        if isinstance(annotation_json, Annotation):
            annotation_json = annotation_json.to_json()
        annotation = dict(annotation_json)
        key = content_key(annotation)
        save_id = str(uuid.uuid4())
        payload = {
            "datasetId": dataset_id, "imageId": image_id, "annotation": annotation,
            "expectedVersion": expected_version, "saveId": save_id,
            "ownContents": sorted(self._earlier_contents(image_id)),
        }
        _outcomes.expect(save_id)
        try:
            op_id = self.outbox.enqueue(SAVE, payload)  # on disk before any network call
            result = await self._wait(op_id, save_id, image_id, timeout)
        finally:
            _outcomes.forget(save_id)
        if result.status == "saved":
            self._unconfirmed.pop(image_id, None)
        elif result.status == "queued":
            self._unconfirmed.setdefault(image_id, set()).add(key)
        return result

    async def save_edit(self, original: Annotation, annotation_json: Mapping[str, Any] | Annotation,
                        timeout: float = 10.0) -> SaveResult:
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

    async def _wait(self, op_id: str, save_id: str, image_id: int, timeout: float) -> SaveResult:
        result = await self.outbox.wait_until(lambda: self._result(op_id, save_id, image_id), timeout)
        if result is not None:
            return result
        return SaveResult("queued", image_id, op_id=op_id,
                          message="The edit is waiting to be sent; it will be saved when the server answers.")

    def _result(self, op_id: str, save_id: str, image_id: int) -> SaveResult | None:
        """The result once the outbox has settled the operation, else None."""
        op = self.outbox.get(op_id)
        outcome = _outcomes.get(save_id)
        if op is None:
            return SaveResult("failed", image_id, message="The edit was discarded before it was sent.")
        if op.state == "done":
            return SaveResult("saved", image_id, new_version=outcome.version if outcome else None, op_id=op_id)
        if op.state == "pending":
            # its own failed attempt, or an earlier edit it waits behind that cannot get through
            blocker = op if op.last_error is not None else next(iter(self.outbox.pending()), None)
            if blocker is not None and blocker.last_error is not None:
                return SaveResult("queued", image_id, op_id=op_id, message=(
                    f"{blocker.last_error} The edit is kept and will be sent when the server is back."))
        if op.state != "failed":
            return None
        self.outbox.discard(op_id)  # the caller now holds the edit and the decision
        error = outcome.error if outcome else None
        if isinstance(error, EditConflict):
            return SaveResult("conflict", image_id, current=outcome.current, message=str(error), op_id=op_id)
        message = describe(error) if error is not None else (op.last_error or "The server refused the edit.")
        return SaveResult("failed", image_id, message=message, op_id=op_id)

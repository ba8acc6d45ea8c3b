"""Setting one image or video tag (the triage verdict) as an undoable domain command.

An image tag lives in the image's annotation, so the edit is an annotation
save through the outbox (kind "annotations.save", domain/annotation_save.py):
do() saves the annotation with the tag set, undo() saves it as it was. Each
names the other's content in `ownContents`, so the version the other step
left is built on instead of reported as someone else's conflict; a save by
someone else in between is still a conflict, refused, never overwritten.

The tag's meta must exist in the project first (`ensure_tag_meta`): the
server refuses a tag it does not know.

A video's tag is the same edit on the video's whole annotation
(`SetVideoTag`, kind "videos.annotations.save", domain/video_save.py): a
video-level tag, without a frame range."""

from __future__ import annotations

import copy
from typing import Any

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.video_records import VideoAnnotation

from .annotation_content import content_key
from .annotation_save import SAVE
from .outbox import Outbox, Sent
from .video_save import SAVE_VIDEO, content_digest

# what videos.annotations.save takes of what videos.annotations.bulk.info answered
VIDEO_ANNOTATION_KEYS = ("description", "size", "framesCount", "tags", "objects", "frames")


def with_image_tag(annotation_json: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """A copy of the wire annotation with tag `name` set to `value` (None: removed)."""
    out = copy.deepcopy(annotation_json)
    tags = [t for t in out.get("tags") or () if not (isinstance(t, dict) and t.get("name") == name)]
    if value is not None:
        tags.append({"name": name, "value": value})
    out["tags"] = tags
    return out


def image_tag_value(annotation: Annotation, name: str) -> Any:
    """The value of image tag `name` (None when the image does not carry it)."""
    return next((t.value for t in annotation.tags if t.name == name), None)


class _WholeAnnotationTagEdit:
    """do() saves `after`, undo() saves `before`; each names the other in `ownContents`."""

    text = "Set tag"
    kind = ""  # the outbox kind of the whole-annotation save
    item_key = ""  # the payload's key for the item's id

    def __init__(self, outbox: Outbox, item_id: int, dataset_id: int, version: int | None) -> None:
        self.outbox, self.item_id, self.dataset_id, self.version = outbox, item_id, dataset_id, version
        self.before: dict[str, Any] = {}
        self.after: dict[str, Any] = {}

    def own(self, annotation: dict[str, Any]) -> str:
        raise NotImplementedError

    def do(self) -> Sent:
        return self._save(self.after, self.before)

    def undo(self) -> Sent:
        return self._save(self.before, self.after)

    def _save(self, annotation: dict[str, Any], other: dict[str, Any]) -> Sent:
        payload = {
            "datasetId": self.dataset_id,
            self.item_key: self.item_id,
            "annotation": annotation,
            "expectedVersion": self.version,
            "ownContents": [self.own(other)],
        }
        return self.outbox.enqueue(self.kind, payload)


class SetImageTag(_WholeAnnotationTagEdit):
    text = "Set image tag"
    kind, item_key = SAVE, "imageId"

    def __init__(self, outbox: Outbox, annotation: Annotation, name: str, value: Any) -> None:
        if annotation.dataset_id is None:
            raise ValueError("The annotation does not say which dataset its image is in.")
        super().__init__(outbox, annotation.image_id, annotation.dataset_id, annotation.version)
        self.image_id = annotation.image_id
        self.name, self.value = name, value
        self.before = copy.deepcopy(annotation.raw.get("annotation") or {})
        self.after = with_image_tag(self.before, name, value)
        self.text = f"Tag {annotation.image_name or annotation.image_id} “{name}: {value}”"

    def own(self, annotation: dict[str, Any]) -> str:
        return content_key(annotation)


def video_tag_value(annotation: VideoAnnotation, name: str) -> Any:
    """The value of the video-level tag `name` (no frame range; None when the video does not carry it)."""
    return next((t.value for t in annotation.tags if t.name == name and t.frame_range is None), None)


def with_video_tag(annotation_json: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """A copy of the wire video annotation with the video-level tag `name` set to `value`
    (None: removed); the same name on a frame range is another tag and stays."""
    out = copy.deepcopy(annotation_json)
    tags = [
        t
        for t in out.get("tags") or ()
        if not (isinstance(t, dict) and t.get("name") == name and t.get("frameRange") is None)
    ]
    if value is not None:
        tags.append({"name": name, "value": value})
    out["tags"] = tags
    return out


class SetVideoTag(_WholeAnnotationTagEdit):
    """SetImageTag for a video: its tags live in the video's annotation, saved whole
    (videos.annotations.save, as the video editor saves) through the outbox."""

    text = "Set video tag"
    kind, item_key = SAVE_VIDEO, "videoId"

    def __init__(self, outbox: Outbox, annotation: VideoAnnotation, name: str, value: Any, label: str = "") -> None:
        if annotation.dataset_id is None:
            raise ValueError("The annotation does not say which dataset its video is in.")
        super().__init__(outbox, annotation.video_id, annotation.dataset_id, annotation.version)
        self.video_id = annotation.video_id
        self.name, self.value = name, value
        self.before = {k: copy.deepcopy(v) for k, v in annotation.raw.items() if k in VIDEO_ANNOTATION_KEYS}
        self.after = with_video_tag(self.before, name, value)
        self.text = f"Tag {label or annotation.video_id} “{name}: {value}”"

    def own(self, annotation: dict[str, Any]) -> str:
        return content_digest(annotation)


def tag_meta_added(meta_json: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The project meta with a free-text image tag `name` added; None when it is there already."""
    tags = list(meta_json.get("tags") or ())
    if any(t.get("name") == name for t in tags):
        return None
    out = dict(meta_json)
    out["tags"] = [*tags, {"name": name, "value_type": "any_string", "color": "#E040FB", "values": []}]
    return out

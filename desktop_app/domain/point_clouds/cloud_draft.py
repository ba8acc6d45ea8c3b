"""A point cloud's annotation while its tags are edited: the cloud's own tags
(checked against the project's tag metas, as the image draft checks them),
whether they changed since they were read or saved, and the annotation to
save. Objects and cuboids are shown, not edited: they go back as read.

Like AnnotationDraft its state is an immutable value (`snapshot()` /
`restore()`), which undo/redo and the dirty flag use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.api.annotation_records import ProjectMeta, TagMeta
from desktop_app.api.point_cloud_records import CloudObject, CloudTag, PointCloudAnnotation
from desktop_app.api.records import Json
from desktop_app.domain.annotation_draft import DraftTag, InvalidEdit, _with_tag, checked_value
from desktop_app.shared.predictions import CONFIDENCE_TAG, is_prediction_class


@dataclass(frozen=True, slots=True)
class CloudDraftState:
    tags: tuple[DraftTag, ...] = ()


def is_prediction(obj: CloudObject) -> bool:
    """A model's output, by its class ("car_pred"), as on images (shared/predictions.py)."""
    return is_prediction_class(obj.class_title)


def confidence(obj: CloudObject) -> float | None:
    for tag in obj.tags:
        if tag.name == CONFIDENCE_TAG and isinstance(tag.value, (int, float)):
            return float(tag.value)
    return None


class CloudDraft:
    def __init__(self, annotation: PointCloudAnnotation, meta: ProjectMeta) -> None:
        self.annotation = annotation
        self.meta = meta
        self._state = self._baseline = CloudDraftState(tuple(DraftTag(t.name, t.value) for t in annotation.tags))
        self.listeners: list[Callable[[], None]] = []  # called after every change

    # -- reading -------------------------------------------------------------
    @property
    def tags(self) -> tuple[DraftTag, ...]:
        return self._state.tags

    @property
    def dirty(self) -> bool:
        return self._state != self._baseline

    def snapshot(self) -> CloudDraftState:
        return self._state

    def restore(self, state: CloudDraftState) -> None:
        self._set(state)

    def mark_saved(self, state: CloudDraftState | None = None) -> None:
        self._baseline = self._state if state is None else state
        self._notify()

    def discard(self) -> None:
        self._set(self._baseline)

    def tag_metas(self) -> list[TagMeta]:
        """Tag metas that may go on a point cloud (not the objects-only ones)."""
        return [t for t in self.meta.tags if t.applicable_type != "objectsOnly"]

    # -- edits ---------------------------------------------------------------
    def set_tag(self, name: str, value: Any = None) -> DraftTag:
        """Put a tag on the cloud (its value replaced when it is there already)."""
        meta = self.meta.tag_by_name(name)
        if meta is None:
            raise InvalidEdit(f"There is no tag “{name}” in this project.")
        if meta.applicable_type == "objectsOnly":
            raise InvalidEdit(f"Tag “{name}” can only be put on objects.")
        tag = DraftTag(name, checked_value(meta, value))
        self._set(CloudDraftState(_with_tag(self._state.tags, tag)))
        return tag

    def remove_tag(self, name: str) -> None:
        if not any(t.name == name for t in self._state.tags):
            raise InvalidEdit(f"The point cloud has no tag “{name}”.")
        self._set(CloudDraftState(tuple(t for t in self._state.tags if t.name != name)))

    # -- saving --------------------------------------------------------------
    def to_json(self, state: CloudDraftState | None = None) -> Json:
        """The whole annotation for point-clouds.annotations.save: as read, with these tags.
        A tag that did not change goes back exactly as read (with its key and ids)."""
        read = {(t.name, _hashable(t.value)): t for t in self.annotation.tags}
        tags = []
        for tag in (state or self._state).tags:
            original: CloudTag | None = read.get((tag.name, _hashable(tag.value)))
            tags.append(dict(original.raw) if original is not None and original.raw else tag.to_json())
        body = self.annotation.to_json()
        body.setdefault("objects", [])
        body.setdefault("figures", [])
        body["tags"] = tags
        return body

    def _set(self, state: CloudDraftState) -> None:
        if state == self._state:
            return
        self._state = state
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, (list, dict)) else value

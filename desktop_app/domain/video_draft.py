"""A video's annotation while it is being edited, one frame at a time.

A video annotation has objects (a class and object tags, shared by every
frame), per frame at most one box per object, and video tags (with an
optional frame range). `VideoDraft` is an `AnnotationDraft` whose figures are
the boxes of the current frame (`frame`): the scene, the box tool and the
editor panel of the image viewer work on it unchanged. A figure's key is its
object's key, so a box selected on one frame stays selected on the next.

- Moving, resizing or deleting a box changes this frame only.
- Reclassifying a box or changing its tags changes its object (every frame).
- A new box is a new object, or continues `continue_key` (an object that has
  no box on this frame yet) when that is set.
- The "image tags" of the frame are the video's tags; editing one keeps the
  frame range it had.

The state is one immutable value (`VideoState`, the whole video, not only the
shown frame): snapshot/restore for undo, dirty against the one read or saved."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.api.records import Json
from desktop_app.api.video_records import VideoAnnotation, VideoTag

from .annotation_draft import AnnotationDraft, DraftFigure, DraftState, DraftTag, InvalidEdit, _num

Edges = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class VideoObjectState:
    key: int
    class_title: str
    tags: tuple[DraftTag, ...] = ()
    wire_key: str = ""  # the server's key; a new object gets one when saved


@dataclass(frozen=True)
class VideoState:
    objects: tuple[VideoObjectState, ...] = ()
    frames: Mapping[int, Mapping[int, Edges]] = field(default_factory=dict)  # frame -> {object key: edges}
    tags: tuple[VideoTag, ...] = ()


def _merge_tags(old: tuple[VideoTag, ...], new: tuple[DraftTag, ...]) -> tuple[VideoTag, ...]:
    """Video tags after the tag list became `new` (one per name): an unchanged name keeps
    its tags (several frame ranges included); a changed value keeps the first range."""
    if new == _first_per_name(old):
        return old  # untouched (a box edit): the tags stay exactly as they were
    out: list[VideoTag] = []
    for tag in new:
        same_name = [t for t in old if t.name == tag.name]
        if same_name and same_name[0].value == tag.value:
            out.extend(same_name)
        else:
            out.append(VideoTag(tag.name, tag.value, same_name[0].frame_range if same_name else None))
    return tuple(out)


def _first_per_name(tags: Iterable[VideoTag]) -> tuple[DraftTag, ...]:
    seen: dict[str, DraftTag] = {}
    for tag in tags:
        seen.setdefault(tag.name, DraftTag(tag.name, tag.value))
    return tuple(seen.values())


class VideoDraft(AnnotationDraft):
    def __init__(self, meta: ProjectMeta, width: int, height: int, frames_count: int, *, description: str = "") -> None:
        if frames_count < 1:
            raise InvalidEdit("The video has no frames, so its annotation cannot be edited.")
        self.frames_count = int(frames_count)
        self.frame = 0
        self.continue_key: int | None = None  # the object a new box continues; None: a new object
        self._video = VideoState()
        self._video_baseline = self._video
        self._figure_keys: dict[tuple[int, int], str] = {}  # (frame, object key) -> the server's figure key
        self._object_keys: dict[int, str] = {}  # wire keys given to objects made here
        super().__init__(meta, width, height, description=description)

    # -- building ------------------------------------------------------------
    @classmethod
    def from_video(
        cls,
        annotation: VideoAnnotation,
        meta: ProjectMeta,
        *,
        width: int | None = None,
        height: int | None = None,
        frames_count: int | None = None,
    ) -> VideoDraft:
        draft = cls(
            meta,
            annotation.width or width or 0,
            annotation.height or height or 0,
            annotation.frames_count or frames_count or 0,
            description=annotation.description,
        )
        keys: dict[str, int] = {}
        objects = []
        for obj in annotation.objects:
            key = keys[obj.key] = draft._new_key()
            tags = tuple(DraftTag(t.name or "", t.value) for t in obj.tags)
            objects.append(VideoObjectState(key, obj.class_title, tags, obj.key))
        frames: dict[int, dict[int, Edges]] = {}
        for figure in annotation.figures:
            found = keys.get(figure.object_key)
            if found is None or figure.geometry_type != "rectangle" or len(figure.exterior) < 2:
                continue  # only boxes are drawn and edited here
            frames.setdefault(figure.frame, {})[found] = figure.edges()
            draft._figure_keys[(figure.frame, found)] = figure.key
        draft._video = draft._video_baseline = VideoState(tuple(objects), frames, annotation.tags)
        return draft

    # -- the frame shown -----------------------------------------------------
    def set_frame(self, frame: int) -> None:
        """Show (and edit) another frame; out-of-range indexes are clamped."""
        frame = min(max(int(frame), 0), self.frames_count - 1)
        if frame != self.frame:
            self.frame = frame
            self._notify()

    def object_of(self, key: int) -> VideoObjectState:
        for obj in self._video.objects:
            if obj.key == key:
                return obj
        raise InvalidEdit("That object is no longer in the annotation.")

    @property
    def objects(self) -> tuple[VideoObjectState, ...]:
        return self._video.objects

    @property
    def video_tags(self) -> tuple[VideoTag, ...]:
        return self._video.tags

    def frames_of(self, key: int) -> list[int]:
        """The frames on which an object has a box, in order."""
        return sorted(f for f, boxes in self._video.frames.items() if key in boxes)

    def objects_missing_here(self) -> list[VideoObjectState]:
        """Objects without a box on this frame: what a new box may continue."""
        here = self._video.frames.get(self.frame, {})
        return [o for o in self._video.objects if o.key not in here]

    # -- AnnotationDraft's state, seen through the current frame ----------------------
    @property
    def _state(self) -> DraftState:
        boxes = self._video.frames.get(self.frame, {})
        figures = tuple(
            DraftFigure(o.key, o.class_title, *boxes[o.key], o.tags) for o in self._video.objects if o.key in boxes
        )
        return DraftState(figures, _first_per_name(self._video.tags))

    @_state.setter
    def _state(self, state: DraftState) -> None:
        if state.figures or state.image_tags:  # AnnotationDraft.__init__ sets an empty state: nothing to do
            self._video = self._with_frame(state)

    @property
    def dirty(self) -> bool:
        return self._video != self._video_baseline

    def snapshot(self) -> VideoState:  # type: ignore[override]
        return self._video

    def restore(self, state: VideoState) -> None:  # type: ignore[override]
        if state is not self._video:
            self._video = state
            self._notify()

    def mark_saved(self, state: VideoState | None = None) -> None:  # type: ignore[override]
        self._video_baseline = self._video if state is None else state
        self._notify()

    def discard(self) -> None:
        self.restore(self._video_baseline)

    def _set(self, state: DraftState) -> None:
        """An edit of the current frame (the AnnotationDraft methods end here)."""
        video = self._with_frame(state)
        if video != self._video:
            self._video = video
            self._notify()

    def _with_frame(self, state: DraftState) -> VideoState:
        video = self._video
        objects = {o.key: o for o in video.objects}
        here: dict[int, Edges] = {}
        for figure in state.figures:
            obj = objects.get(figure.key)
            if obj is None:
                obj = VideoObjectState(figure.key, figure.class_title, figure.tags)
            elif (obj.class_title, obj.tags) != (figure.class_title, figure.tags):
                obj = VideoObjectState(obj.key, figure.class_title, figure.tags, obj.wire_key)
            objects[obj.key] = obj
            here[figure.key] = figure.edges
        frames = {f: boxes for f, boxes in video.frames.items() if f != self.frame}
        if here:
            frames[self.frame] = here
        # an object made in this draft that lost its last box is gone (one read from the server stays)
        kept_from_server = {o.key for o in self._video_baseline.objects}
        used = {key for boxes in frames.values() for key in boxes}
        ordered = tuple(o for o in objects.values() if o.key in used or o.key in kept_from_server)
        return VideoState(ordered, frames, _merge_tags(video.tags, state.image_tags))

    # -- boxes -----------------------------------------------------------------
    def add_box(
        self, class_title: str, left: float, top: float, right: float, bottom: float, tags: Iterable[DraftTag] = ()
    ) -> DraftFigure:
        """A new object's first box, or the next box of `continue_key` (its class and tags)."""
        key = self.continue_key
        if key is None:
            return super().add_box(class_title, left, top, right, bottom, tags)
        obj = self.object_of(key)
        if key in self._video.frames.get(self.frame, {}):
            raise InvalidEdit(f"This {obj.class_title} already has a box on frame {self.frame + 1}.")
        self._check_edges(left, top, right, bottom)
        figure = DraftFigure(key, obj.class_title, left, top, right, bottom, obj.tags)
        self._set(DraftState(self._state.figures + (figure,), self._state.image_tags))
        return figure

    # -- the wire ----------------------------------------------------------------
    def to_json(self) -> Json:
        """The whole video annotation, as videos.annotations.save takes it."""
        video = self._video
        # a new object keeps the key it got on its first save: the server's figures name it
        wire_keys = {o.key: o.wire_key or self._object_keys.setdefault(o.key, uuid.uuid4().hex) for o in video.objects}
        frames = []
        for index in sorted(video.frames):
            figures = []
            for key, (left, top, right, bottom) in video.frames[index].items():
                figure_key = self._figure_keys.setdefault((index, key), uuid.uuid4().hex)
                figures.append(
                    {
                        "key": figure_key,
                        "objectKey": wire_keys[key],
                        "geometryType": "rectangle",
                        "geometry": {
                            "points": {
                                "exterior": [[_num(left), _num(top)], [_num(right), _num(bottom)]],
                                "interior": [],
                            }
                        },
                    }
                )
            frames.append({"index": index, "figures": figures})
        return {
            "description": self.description,
            "size": {"height": self.height, "width": self.width},
            "framesCount": self.frames_count,
            "tags": [t.to_json() for t in video.tags],
            "objects": [
                {"key": wire_keys[o.key], "classTitle": o.class_title, "tags": [t.to_json() for t in o.tags]}
                for o in video.objects
            ],
            "frames": frames,
        }


def tag_text(tag: VideoTag) -> str:
    """ "weather: rain (frames 1–20)", frames counted from 1 as the viewer shows them."""
    text = tag.name if tag.value is None else f"{tag.name}: {tag.value}"
    if tag.frame_range is not None:
        text += f" (frames {tag.frame_range[0] + 1}–{tag.frame_range[1] + 1})"
    return text

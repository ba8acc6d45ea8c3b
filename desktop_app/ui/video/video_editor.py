"""Editing a video's annotation on the frame shown: the image viewer's box
editor (draw, move, resize, delete, classes 1-9, object tags, undo, save
through the outbox) over a VideoDraft, plus what only videos have:

- "New box": a drawn box starts a new object, or continues an object that
  has no box on this frame (its class and tags come with it);
- the selected box's object: on which frames it has boxes;
- video tags instead of image tags (a tag's frame range is kept when its
  value changes; ranges are shown under the list).

Saves replace the video's whole annotation (videos.annotations.save) in its
dataset of origin, queued in the outbox first like image saves."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from desktop_app.api.records import Image
from desktop_app.api.video_records import VideoAnnotation
from desktop_app.domain.annotation_draft import DraftFigure
from desktop_app.domain.video_draft import VideoDraft, tag_text
from desktop_app.domain.video_save import VideoAnnotationSaver
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.app_state import AppState
from desktop_app.ui.common.swatch import swatch_icon
from desktop_app.ui.viewer.box_editor import BoxEditor
from desktop_app.ui.viewer.zoom_view import ZoomView

NEW_OBJECT = "A new object"


def frames_text(frames: list[int]) -> str:
    """[0, 1, 2, 7] -> "frames 1–3, 8" (counted from 1, as the viewer shows them)."""
    if not frames:
        return "no frames"
    runs: list[tuple[int, int]] = []
    for f in frames:
        if runs and f == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], f)
        else:
            runs.append((f, f))
    parts = [f"{a + 1}" if a == b else f"{a + 1}–{b + 1}" for a, b in runs]
    return ("frame " if len(frames) == 1 else "frames ") + ", ".join(parts)


class VideoBoxEditor(BoxEditor):
    def __init__(
        self,
        state: AppState,
        view: ZoomView,
        scene: AnnotationScene,
        parent: QWidget | None = None,
        *,
        saver: Any = None,
    ) -> None:
        super().__init__(state, view, scene, parent, saver=saver or VideoAnnotationSaver(state.outbox))
        self.setObjectName("videoBoxEditor")
        self.tags_box.setTitle("Video tags")
        self.image_tags.empty.setText("No video tags.")
        self.act_save.setToolTip("Save the video's annotation to its dataset (Ctrl+S)")
        self._video: Image | None = None
        self.object_combo = QComboBox(self)
        self.object_combo.setObjectName("continueObject")
        self.object_combo.setToolTip("What the next box drawn on this frame is: a new object, or the next box of one")
        self.object_combo.currentIndexChanged.connect(self._object_chosen)
        self.tag_ranges = QLabel(self)
        self.tag_ranges.setObjectName("videoTagRanges")
        self.tag_ranges.setWordWrap(True)
        self.tags_layout.addWidget(self.tag_ranges)
        self.form.addRow("New box", self.object_combo)

    @property
    def video_draft(self) -> VideoDraft | None:
        return self.draft if isinstance(self.draft, VideoDraft) else None

    def load_video(self, annotation: VideoAnnotation, video: Image, frames_count: int) -> None:
        """Edit this video's annotation from a clean start (dataset of origin: the video's own)."""
        draft = VideoDraft.from_video(
            annotation, self.project_meta(), width=video.width, height=video.height, frames_count=frames_count
        )
        self._video = video
        self.start_draft(draft, video.id, video.dataset_id, annotation.version, video.name)
        self._fill_objects()

    def load(self, annotation: Any, *, width: int | None = None, height: int | None = None, name: str = "") -> None:
        """After a conflict, "reload theirs" hands back the server's VideoAnnotation."""
        if isinstance(annotation, VideoAnnotation) and self._video is not None:
            draft = self.video_draft
            frame = draft.frame if draft is not None else 0
            self.load_video(annotation, self._video, annotation.frames_count or self._frames_count())
            self.set_frame(frame)
        else:
            super().load(annotation, width=width, height=height, name=name)

    def _frames_count(self) -> int:
        draft = self.video_draft
        return draft.frames_count if draft is not None else 1

    def set_frame(self, frame: int) -> None:
        draft = self.video_draft
        if draft is not None:
            self.tool.cancel()  # a drag in progress belongs to the frame it started on
            draft.set_frame(frame)

    # -- the panel -------------------------------------------------------------------
    def _draft_changed(self) -> None:
        super()._draft_changed()
        self._fill_objects()
        draft = self.video_draft
        ranged = [t for t in draft.video_tags if t.frame_range is not None] if draft is not None else []
        self.tag_ranges.setText("<br>".join(tag_text(t) for t in ranged))
        self.tag_ranges.setVisible(bool(ranged))

    def _fill_objects(self) -> None:
        draft = self.video_draft
        combo = self.object_combo
        keep = draft.continue_key if draft is not None else None
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(NEW_OBJECT, None)
        if draft is not None:
            for obj in draft.objects_missing_here():
                color = self.scene.color_of(obj.class_title).name()
                combo.addItem(
                    swatch_icon(color), f"{obj.class_title} ({frames_text(draft.frames_of(obj.key))})", obj.key
                )
        index = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if draft is not None and index < 0:
            draft.continue_key = None  # the object now has a box here (or is gone)

    def _object_chosen(self, index: int) -> None:
        draft = self.video_draft
        if draft is None:
            return
        key = self.object_combo.itemData(index)
        draft.continue_key = key
        if key is not None:
            self.show_class(draft.object_of(key).class_title)

    def show_figure(self, figure: DraftFigure | None) -> None:
        super().show_figure(figure)
        draft = self.video_draft
        if figure is not None and draft is not None:
            self.object_info.setText(
                self.object_info.text() + f"<br>Object on {frames_text(draft.frames_of(figure.key))}"
            )

    def _set_target_enabled(self, on: bool) -> None:
        super()._set_target_enabled(on)
        if hasattr(self, "object_combo"):  # the base class calls this before the combo exists
            self.object_combo.setEnabled(on and not self._saving)

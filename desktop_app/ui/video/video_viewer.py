"""The video viewer: the item viewer (zoom, ground truth / predictions, next
and previous item through the same list, unsaved-change prompts, the box
editor) on one frame of a video at a time, with playback and a scrub bar.

The video file is downloaded once into the app's cache folder, and frames are
decoded off the GUI thread (qt/video_frames.py): scrubbing asks only for the
latest frame, so the window never waits for a decoder. The boxes drawn are
those of the frame the bar shows (the draft's); the picture follows as soon
as that frame is decoded.

Shortcuts: Space or K play/pause, ←/→ previous/next frame (Shift: 10
frames), Home/End first/last frame, PgUp/PgDn previous/next item; the rest
as in the image viewer and its box editor."""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.api.records import Image
from desktop_app.domain.annotation_draft import InvalidEdit
from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.item_columns import length_text
from desktop_app.qt.resources import icon
from desktop_app.qt.video_frames import VideoFrames
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.video.playback_bar import PlaybackBar
from desktop_app.ui.video.video_editor import VideoBoxEditor
from desktop_app.ui.viewer.item_viewer import ItemViewer

log = logging.getLogger(__name__)
BIG_STEP = 10  # frames per Shift+arrow


class VideoViewer(ItemViewer):
    editor_class = VideoBoxEditor

    def __init__(
        self,
        state: AppState,
        sequence: ItemSequence | None = None,
        parent: QWidget | None = None,
        *,
        saver=None,
        window: bool = True,
    ) -> None:
        super().__init__(state, sequence, parent, saver=saver, window=window)
        self.setObjectName("videoViewer")
        self.setWindowTitle("Video — Collections Desk")
        self.frames = VideoFrames(self)
        self.frames.frameReady.connect(self._frame_ready)
        self.frames.failed.connect(self.show_message)
        self.frame = 0  # the frame the bar and the boxes show
        self.shown_frame: int | None = None  # the frame whose picture is on screen
        self.frames_count = 1
        self.fps = 0.0
        self._video: Image | None = None
        self._play_timer = QTimer(self, interval=15)
        self._play_timer.timeout.connect(self._play_tick)
        self._play_clock = QElapsedTimer()
        self._play_from = 0
        self._pending_frame: tuple[int, int] | None = None  # (item, frame) of select_box_of
        self._build_video_actions()
        self.playback = PlaybackBar(self.act_play, self)
        self.playback.frameChosen.connect(self.show_frame)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.playback)  # under the picture, above the status line
        # Left/Right (with no box selected; with one they nudge it) step frames here; items step with PgUp/PgDn
        for key, act in (
            ("Left", self.act_frame_back),
            ("Right", self.act_frame_next),
            ("Shift+Left", self.act_back_10),
            ("Shift+Right", self.act_ahead_10),
        ):
            self.editor.fall_back(key, act)
        self.act_previous.setToolTip("Previous item in the list (PgUp)")
        self.act_next.setToolTip("Next item in the list (PgDown)")
        # editing happens on a still frame
        self.editor.act_draw.toggled.connect(self._pause_if)
        self.scene.currentChanged.connect(lambda key: self._pause_if(key is not None))

    @property
    def video_editor(self) -> VideoBoxEditor:
        assert isinstance(self.editor, VideoBoxEditor)
        return self.editor

    # -- actions ---------------------------------------------------------------------
    def _build_video_actions(self) -> None:
        action = partial(make_action, self, category="Video")
        self.act_play = action(
            "Play", self.toggle_play, shortcuts=["Space", "K"], tip="Play or pause the video", icon="play"
        )
        # ← → Shift+← Shift+→ also step frames while no box is selected (routed by the editor, see __init__)
        self.act_frame_back = action("Previous frame", lambda: self.step_frames(-1), shortcuts=",")
        self.act_frame_next = action("Next frame", lambda: self.step_frames(+1), shortcuts=".")
        self.act_back_10 = action(f"Back {BIG_STEP} frames", lambda: self.step_frames(-BIG_STEP))
        self.act_ahead_10 = action(f"Ahead {BIG_STEP} frames", lambda: self.step_frames(+BIG_STEP))
        self.act_first = action("First frame", lambda: self.show_frame(0), shortcuts=["Home"])
        self.act_last = action("Last frame", lambda: self.show_frame(self.frames_count - 1), shortcuts=["End"])

    def viewer_actions(self) -> list:
        video = [
            self.act_play,
            self.act_frame_back,
            self.act_frame_next,
            self.act_back_10,
            self.act_ahead_10,
            self.act_first,
            self.act_last,
        ]
        return video + super().viewer_actions()

    # -- frames ----------------------------------------------------------------------
    def show_frame(self, frame: int) -> None:
        """Go to a frame: its boxes at once, its picture when decoded (only the latest asked is)."""
        if self._video is None:
            return
        frame = min(max(int(frame), 0), self.frames_count - 1)
        self.frame = frame
        self.video_editor.set_frame(frame)
        self.playback.show_position(frame, self._tags_here(frame))
        self.frames.request(frame)

    def select_box_of(
        self, item_id: int, class_title: str, edges: tuple[float, float, float, float], frame: int | None = None
    ) -> None:
        """The objects view's double-click on a video's box: once `item_id` is shown, go to `frame`
        and select the box of `class_title` nearest `edges` there."""
        self._pending_frame = (item_id, frame) if frame is not None else None
        super().select_box_of(item_id, class_title, edges)

    def _select_pending_box(self, item_id: int) -> None:
        pending, self._pending_frame = self._pending_frame, None
        if pending is not None and pending[0] == item_id:
            self.pause()
            self.show_frame(pending[1])  # the draft's figures are this frame's boxes from now
        super()._select_pending_box(item_id)

    def step_frames(self, delta: int) -> None:
        self.pause()
        self.show_frame(self.frame + delta)

    def _frame_ready(self, index: int, picture: QImage) -> None:
        if self._video is None:
            return
        self.shown_frame = index
        # the picture only: the scene keeps its size (and the zoom), the boxes follow the draft
        self.scene.set_image(picture, self._video.width or picture.width(), self._video.height or picture.height())

    def _tags_here(self, frame: int) -> str:
        draft = self.video_editor.video_draft
        if draft is None:
            return ""
        here = [
            t.name if t.value is None else f"{t.name}: {t.value}"
            for t in draft.video_tags
            if t.frame_range is not None and t.frame_range[0] <= frame <= t.frame_range[1]
        ]
        return ("On this frame: " + ", ".join(here)) if here else ""

    # -- playing ---------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._play_timer.isActive()

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self._video is None or self.frames_count < 2:
            return
        if self.frame >= self.frames_count - 1:
            self.show_frame(0)  # from the start again, as players do
        self.editor.tool.cancel()
        self._play_from = self.frame
        self._play_clock.start()
        self._play_timer.start()
        self._show_play_state()

    def pause(self) -> None:
        if self.playing:
            self._play_timer.stop()
            self._show_play_state()

    def _pause_if(self, condition: bool) -> None:
        if condition:
            self.pause()

    def _play_tick(self) -> None:
        """The frame the clock says, when the picture has caught up (else frames are skipped)."""
        fps = self.fps or 25.0
        target = self._play_from + int(self._play_clock.elapsed() / 1000 * fps)
        if target >= self.frames_count - 1:
            self.show_frame(self.frames_count - 1)
            self.pause()
        elif target != self.frame and (self.shown_frame == self.frame or not self.frames.busy):
            self.show_frame(target)

    def _show_play_state(self) -> None:
        playing = self.playing
        self.act_play.setText("Pause" if playing else "Play")
        self.act_play.setIcon(icon("pause") if playing else icon("play"))

    # -- loading -----------------------------------------------------------------------
    async def _load(self, index: int | None, item_id: int | None, image: Image | None) -> None:
        self._loading = True
        self.pause()
        self.editor.clear()
        self.show_message("Loading…")
        services = self.state.services
        try:
            if image is None and index is not None and self.sequence is not None:
                image = await self.sequence.item_at(index)
            video_id = image.id if image is not None else item_id
            if video_id is None:
                self._failed("That item could not be loaded (the list may have changed).")
                return
            if image is None or image.frames_count is None or image.dataset_id is None:
                image = await services.videos.info(video_id)
            assert image.dataset_id is not None, "videos.info names the video's dataset"
            annotation = await services.videos.annotation(image.dataset_id, video_id)
            path = await services.videos.local_file(image, self.state.cache_dir)
            facts = await self.frames.open(path)
        except Exception as exc:  # said in the status line; the user can try again
            log.info("loading video %s failed: %s", item_id or index, exc)
            self._failed(plain_error(exc))
            return
        finally:
            self._loading = False
        self._image = self._video = image
        self.frames_count = annotation.frames_count or image.frames_count or facts.frames_count
        self.fps = image.frame_rate or facts.fps
        width = annotation.width or image.width or facts.width
        height = annotation.height or image.height or facts.height
        self.scene.set_image(None, width, height)
        self.shown_frame = None
        try:
            self.video_editor.load_video(annotation, _sized(image, width, height), self.frames_count)
        except InvalidEdit as exc:
            self._failed(str(exc))
            return
        self.playback.set_video(self.frames_count, self.fps)
        self.frame = 0
        self.show_frame(0)
        self.view.fit()
        self.show_message("")
        self._show_title()
        self.itemShown.emit(image.id)

    def _prefetch_next(self) -> None:
        """Nothing ahead: a video is fetched when it is opened."""

    def _show_title(self) -> None:
        super()._show_title()
        video = getattr(self, "_video", None)  # the base class shows a title before this class is set up
        if video is not None and (length := length_text(video)):
            self.title.setText(self.title.text() + f"  ·  {length}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        super().closeEvent(event)
        if event.isAccepted():
            self.pause()
            self.frames.close()
            self._video = self._image = None  # opened again, the item is loaded again


def _sized(video: Image, width: int, height: int) -> Image:
    """The record with the frame size the file has, when the listing did not say."""
    return video if video.width and video.height else replace(video, width=width, height=height)

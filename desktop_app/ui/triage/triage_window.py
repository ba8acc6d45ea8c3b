"""Triage mode (docs/product.md X3): one item at a time, large, with the
predictions nothing matched (false positives) filled red and the ground truth
no prediction found (missed) outlined in orange dots, by the evaluation rule
at the project's IoU threshold (shared/matching.py).

One key per verdict (F false positive, M missing label, A ambiguous, S skip;
configurable in Keys…): the verdict files the item into its collection and
sets the "triage" image tag in one undo step (verdict_filing.py), then the
next item comes. Ctrl+Z or Backspace steps back and undoes that verdict. The
header shows the position ("12 / 340"), the verdict an item already carries
(from this or an earlier session) and the items per minute.

It walks any ItemSequence: the main window's list (BrowseSequence), or the
objects view's items (ObjectsSequence: each item once).

A video project's step is one video (video_triage.py), shown at the frame of
its first mistake with that frame's marks; "," / "." (or PgUp / PgDn) step
to the previous / next frame with a mistake, and the header says which frame
and on how many frames there are mistakes. A verdict files the video and
sets its video-level "triage" tag, as for an image."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.records import Image
from desktop_app.domain.annotation_draft import AnnotationDraft, InvalidEdit
from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.domain.outbox import Sent
from desktop_app.domain.triage import PaceCounter, Verdict, unmatched_boxes, verdict_of_tag
from desktop_app.qt.annotation_scene import AnnotationScene
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.full_images import FullImages
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import WAIT, EditCommand, UndoRunner
from desktop_app.shared.matching import DEFAULT_IOU_THRESHOLD
from desktop_app.shared.predictions import is_prediction_class
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.triage.triage_highlights import TriageHighlights
from desktop_app.ui.triage.verdict_filing import triage_tag_value, verdict_step
from desktop_app.ui.triage.video_triage import VideoTriage
from desktop_app.ui.viewer.zoom_view import ZoomView

log = logging.getLogger(__name__)
CATEGORY = "Triage"


@dataclass
class Step:
    """One verdict given in this session: where, and its undo step (None: Skip or nothing to file)."""

    index: int
    edit: EditCommand | None


class TriageWindow(QWidget):
    verdictFiled = Signal(int, str)  # item id, verdict name (after the server has it)

    def __init__(
        self,
        state: AppState,
        sequence: ItemSequence,
        verdicts: tuple[Verdict, ...],
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] | None = None,
        open_settings: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("triageWindow")
        self.setWindowTitle("Triage — Collections Desk")
        self.state = state
        self.sequence = sequence
        self.scope = TaskScope(self)
        self.runner = UndoRunner.of(state)
        self.pace = PaceCounter(clock) if clock is not None else PaceCounter()
        self.pictures = FullImages(state.services.images)
        pictures = self.pictures
        self.destroyed.connect(lambda *_: pictures.close())
        self.scene = AnnotationScene(self)
        self.view = ZoomView(self.scene, self)
        self.highlights = TriageHighlights(self.scene)
        project = state.project
        self.video: VideoTriage | None = None  # a video project's current video and its mistakes
        if project is not None and project.type == "videos":
            self.video = VideoTriage(state, self.scene, self)
            self.video.failed.connect(self.show_message)
        self.history: list[Step] = []
        self.index = 0
        self.image: Image | None = None
        self.annotation: Annotation | None = None
        self._shown: tuple[int, int] | None = None  # (row, item id) of the item shown last
        self.busy = False
        self._iou: float | None = None
        self._started = False

        self.position = QLabel(self)
        self.position.setObjectName("triagePosition")
        self.name = QLabel(self)
        self.frame_label = QLabel(self)
        self.frame_label.setObjectName("triageFrame")
        self.frame_label.setVisible(self.video is not None)
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("triageVerdict")
        self.pace_label = QLabel(self.pace.text(), self)
        self.pace_label.setObjectName("triagePace")
        self.keys_label = QLabel(self)
        self.keys_label.setObjectName("triageKeys")
        self.keys_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = QLabel(self)
        self.message.setObjectName("triageMessage")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(8, 2, 8, 4)
        self.settings_button = QPushButton("Keys…", self)
        self.settings_button.setToolTip("Choose the verdict keys and their collections")
        self.settings_button.setEnabled(open_settings is not None)
        if open_settings is not None:
            self.settings_button.clicked.connect(open_settings)

        self.act_back = make_action(
            self,
            "Back (undo the last verdict)",
            self.back,
            shortcuts=["Ctrl+Z", "Backspace"],
            category=CATEGORY,
            tip="Step back to the last item and undo its verdict",
        )
        self.act_close = make_action(self, "Close triage", self.close, shortcuts=["Esc", "Ctrl+W"], category=CATEGORY)
        self.act_previous_mistake = make_action(
            self,
            "Previous frame with a mistake",
            lambda: self.step_mistake(-1),
            shortcuts=[",", "PgUp"],
            category=CATEGORY,
            tip="In this video, the previous frame with an unmatched prediction or a missed box",
        )
        self.act_next_mistake = make_action(
            self,
            "Next frame with a mistake",
            lambda: self.step_mistake(+1),
            shortcuts=[".", "PgDown"],
            category=CATEGORY,
            tip="In this video, the next frame with an unmatched prediction or a missed box",
        )
        self.verdict_actions: list[QAction] = []
        self.verdicts: tuple[Verdict, ...] = ()
        self.set_verdicts(verdicts)

        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 6)
        top.addWidget(self.position)
        top.addSpacing(12)
        top.addWidget(self.name, 1)
        top.addWidget(self.frame_label)
        top.addSpacing(12)
        top.addWidget(self.verdict_label)
        top.addSpacing(12)
        top.addWidget(self.pace_label)
        keys = QHBoxLayout()
        keys.setContentsMargins(8, 0, 8, 4)
        keys.addWidget(self.keys_label, 1)
        keys.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(keys)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.resize(1200, 860)

    # -- keys ----------------------------------------------------------------------
    def set_verdicts(self, verdicts: tuple[Verdict, ...]) -> None:
        """The verdicts and their keys (after the settings dialog, too)."""
        for action in self.verdict_actions:
            self.removeAction(action)
            action.deleteLater()
        self.verdicts = verdicts
        self.verdict_actions = [
            make_action(
                self,
                v.label,
                lambda v=v: self.give(v),
                shortcuts=v.key,
                category=CATEGORY,
                tip=f"File into “{v.collection}” and go on" if v.collection else "Go on without a verdict",
            )
            for v in verdicts
        ]
        legend = "   ".join(f"<b>{v.key}</b> {v.label}" for v in verdicts)
        frames = ""
        if self.video is not None:
            frames = "   <b>,</b> / <b>.</b> (<b>PgUp</b> / <b>PgDn</b>) frame with a mistake"
        self.keys_label.setText(f"{legend}   <b>Ctrl+Z</b> / <b>⌫</b> back{frames}")
        self._show_verdict()

    def actions(self) -> list[QAction]:  # noqa: D401 (Qt's name)
        return [
            *self.verdict_actions,
            self.act_back,
            self.act_close,
            self.act_previous_mistake,
            self.act_next_mistake,
        ]

    # -- walking -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.go(self.index)

    def start_at(self, index: int) -> None:
        self.index = max(0, index)
        if self._started:
            self.go(self.index)

    def go(self, index: int) -> None:
        self.scope.start(self._load(index), key="load")

    async def _load(self, index: int) -> None:
        index = await self._in_the_list_now(index)
        count = self.sequence.count()
        if index >= count:
            self._done_text(count)
            return
        self.busy = True
        self.index = index
        self._show_position()
        self.show_message("Loading…")
        picture = None
        try:
            image = await self.sequence.item_at(index)
            if image is None and index >= self.sequence.count():  # a count from above (the objects' items) ended
                self.busy = False
                self._done_text(self.sequence.count())
                return
            if image is None:
                raise LookupError("That item could not be loaded (the list may have changed).")
            if self._iou is None:
                self._iou = await self._iou_threshold()
            if self.video is not None:
                await self.video.open(image, self._labelled(), self._iou)
                annotation = self.video.go_to(self._start_frame(index))
                image = self.video.video or image
            else:
                annotation = await self.state.services.evaluation.annotation(image.id)
                picture = await self.pictures.get(image)
        except Exception as exc:  # said in words; the keys still step on
            log.info("triage: loading item %s failed: %s", index, exc)
            self.busy = False
            self.show_message(str(exc) if isinstance(exc, LookupError) else plain_error(exc))
            return
        self.image = image
        self._shown = (index, image.id)
        self._show_position()
        if self.video is not None:
            self.scene.set_image(None, self.video.width, self.video.height)  # the picture comes when decoded
            self._show_annotation(annotation, self.video.width, self.video.height)
        else:
            assert picture is not None
            width = annotation.width or image.width or picture.width()
            height = annotation.height or image.height or picture.height()
            self.scene.set_image(picture, width, height)
            self._show_annotation(annotation, width, height)
        self.view.fit()
        self.name.setText(f"<b>{image.name}</b>  ·  {self.state.dataset_name(image.dataset_id)}")
        self._show_verdict()
        self.busy = False
        if self.video is None:
            self._prefetch(index + 1)

    def _labelled(self) -> list[str]:
        meta = self.state.meta
        return [c.title for c in meta.classes if not is_prediction_class(c.title)] if meta else []

    def _start_frame(self, index: int) -> int:
        """The frame a video opens at: the object's (objects view), else its first mistake."""
        assert self.video is not None
        frame_of = getattr(self.sequence, "frame_of", None)
        frame = frame_of(index) if frame_of is not None else None
        return frame if isinstance(frame, int) else self.video.first_mistake()

    def _show_annotation(self, annotation: Annotation, width: int, height: int) -> None:
        """The boxes of the image (or of the video's frame) and the marks on its mistakes."""
        self.annotation = annotation
        meta = self.state.meta
        if meta is not None:
            try:
                self.scene.set_draft(AnnotationDraft.from_annotation(annotation, meta, width=width, height=height))
            except InvalidEdit as exc:
                self.show_message(str(exc))
                return
        if self.video is not None:
            false_positives, missed = self.video.unmatched_here()
            self.frame_label.setText(self.video.position_text())
        else:
            false_positives, missed = unmatched_boxes(annotation, self._labelled(), self._iou or DEFAULT_IOU_THRESHOLD)
        self.highlights.show(false_positives, missed)
        self.show_message(f"{len(false_positives)} unmatched prediction(s), {len(missed)} missed box(es)")

    def step_mistake(self, delta: int) -> None:
        """In a video, to the previous (-1) or next (+1) frame with a mistake."""
        video = self.video
        if self.busy or video is None or video.annotation is None:
            if self.video is None:
                self.show_message("An image has no frames: the frame keys step through a video's mistakes.")
            return
        frame = video.mistake_after(video.frame, delta)
        if frame is None:
            where = "after" if delta > 0 else "before"
            self.show_message(f"No frame with a mistake {where} frame {video.frame + 1} of this video.")
            return
        self._show_annotation(video.go_to(frame), video.width, video.height)

    async def _in_the_list_now(self, index: int) -> int:
        """A verdict changes collections, and a list of a collection is then read again: while
        it is, it has no rows. Wait for its answer (the sequence knows), then keep stepping from
        where the item shown last is now (found by its id), so the walk neither ends early nor skips."""
        await self.sequence.current()
        if self._shown is not None:
            old_row, item_id = self._shown
            new_row = self.sequence.index_of(item_id)
            if new_row is not None:
                index += new_row - old_row
        return max(0, index)

    async def _iou_threshold(self) -> float:
        project = self.state.project
        if project is None:
            return DEFAULT_IOU_THRESHOLD
        try:
            return await self.state.services.evaluation.iou_threshold(project.id)
        except Exception as exc:  # a server without evaluation: the rule's default
            log.info("triage: no evaluation settings (%s); IoU %.2f", exc, DEFAULT_IOU_THRESHOLD)
            return DEFAULT_IOU_THRESHOLD

    def _prefetch(self, index: int) -> None:
        if index >= self.sequence.count():
            return

        async def fetch() -> None:
            following = await self.sequence.item_at(index)
            if following is not None:
                try:
                    await self.pictures.get(following)
                except Exception as exc:  # a bonus: the real load reports errors
                    log.debug("triage prefetch of %s failed: %s", following.id, exc)

        self.scope.start(fetch(), key="prefetch")

    # -- verdicts ------------------------------------------------------------------
    def give(self, verdict: Verdict) -> None:
        """File the current item under `verdict` (Skip files nothing), then go on."""
        if self.busy or self.annotation is None or self.image is None:
            return
        index, image = self.index, self.image
        annotation = self.video.annotation if self.video is not None else self.annotation
        if annotation is None:
            return
        if not verdict.files:
            self._advance(Step(index, None))
            return
        self.busy = True
        self.show_message(f"Filing as “{verdict.label}”…")
        outcome: dict[str, bool] = {}

        async def build(_progress):
            step = await verdict_step(self.state, self.verdicts, verdict, annotation, image.name)
            outcome["built"] = True
            return step

        def done(command) -> None:
            outcome["done"] = True
            self.busy = False
            if command is None and not outcome.get("built"):
                self.show_message("The verdict was not filed.")  # the reason is in the status bar
                return
            edit = self._edit_of(command)
            self.verdictFiled.emit(image.id, verdict.name)
            self._advance(Step(index, edit))

        task = self.runner.execute(build, label="Filing the verdict", on_done=done)
        if task is not None:  # a server error skips `done` (AppState.run shows it)
            task.add_done_callback(lambda _task: self._not_filed(outcome))

    def _not_filed(self, outcome: dict[str, bool]) -> None:
        if not outcome.get("done"):
            self.busy = False
            self.show_message("The verdict was not filed: the main window's status bar says why.")

    def _edit_of(self, command) -> EditCommand | None:
        stack = self.runner.stack
        for i in range(stack.index() - 1, -1, -1):
            edit = stack.command(i)
            if isinstance(edit, EditCommand) and edit.command is command:
                return edit
        return None

    def _advance(self, step: Step) -> None:
        self.history.append(step)
        self.pace.record()
        self.pace_label.setText(self.pace.text())
        self.go(step.index + 1)

    def back(self) -> None:
        """Step back to the last item a verdict was given to, and undo that verdict."""
        if self.busy:
            return
        if not self.history:
            self.show_message("Nothing to step back to in this session.")
            return
        step = self.history[-1]
        stack = self.runner.stack
        if step.edit is not None:
            if stack.index() == 0 or stack.command(stack.index() - 1) is not step.edit:
                self.show_message("Another edit came after this verdict: undo that first (Edit ▸ Undo).")
                return
            stack.undo()  # queues the undo in the outbox; edit.sent is its answer
        self.history.pop()
        self.pace.take_back()
        self.pace_label.setText(self.pace.text())
        undone = step.edit.sent if step.edit is not None else None
        self.scope.start(self._back_to(step.index, undone), key="load")

    async def _back_to(self, index: int, undone: Sent | None) -> None:
        if undone is not None:
            self.busy = True
            self.show_message("Undoing the verdict…")
            await undone.answered(WAIT)  # show the item as the server has it after the undo
        await self._load(index)

    # -- showing -------------------------------------------------------------------
    def current_verdict(self) -> Verdict | None:
        """The verdict the shown item carries (its "triage" tag), or the one filed just now."""
        shown = self.video.annotation if self.video is not None else self.annotation
        if shown is None:
            return None
        return verdict_of_tag(self.verdicts, triage_tag_value(shown))

    def _show_verdict(self) -> None:
        verdict = self.current_verdict() if hasattr(self, "verdict_label") else None
        self.verdict_label.setText(f"Verdict: <b>{verdict.label}</b>" if verdict else "No verdict yet")

    def _show_position(self) -> None:
        count = self.sequence.count()
        exact = getattr(self.sequence, "count_is_exact", lambda: True)()
        bound = "" if exact else "≤"  # the objects' items: distinct items among rows not all loaded yet
        self.position.setText(f"<b>{min(self.index + 1, count):,} / {bound}{count:,}</b>")

    def _done_text(self, count: int) -> None:
        self.image = self.annotation = None
        if self.video is not None:
            self.video.close()
            self.frame_label.setText("")
        self.scene.set_draft(None)
        self.highlights.clear()
        self.position.setText(f"<b>{count:,} / {count:,}</b>")
        self.name.setText("")
        self.verdict_label.setText("")
        self.show_message("That was the last item of the list. Ctrl+Z steps back; Esc closes.")

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.scope.cancel_all()
        self.pictures.close()
        if self.video is not None:
            self.video.close()
        super().closeEvent(event)

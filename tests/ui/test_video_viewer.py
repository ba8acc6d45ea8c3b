"""The video viewer on the real bundled server: it opens a video of the
list, steps frames with the arrow keys (the frame shown and its boxes
change), scrubbing to the end keeps the event loop turning, a box drawn on a
frame is saved (through the outbox) and videos.annotations.bulk.info returns
it, and stepping to the next item asks about unsaved changes first."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.ui.video.video_viewer import VideoViewer
from tests.fixtures.video_clips import bright_x, square_box, square_x
from tests.qt.browse_helpers import qt_owned, run  # noqa: F401
from tests.qt.video_fixtures import FRAMES, PERSON_BOX, PERSON_FRAMES, video_project, video_state  # noqa: F401
from tests.ui.viewer_helpers import drag


def make_video_viewer(qtbot, state, owned) -> VideoViewer:
    controller = BrowseController(state)
    owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    viewer = VideoViewer(state, BrowseSequence(controller))
    qtbot.addWidget(viewer)
    owned(viewer)
    viewer.resize(1200, 820)
    with qtbot.waitActive(viewer):
        viewer.show()
        viewer.activateWindow()
    return viewer


def wait_video(qtbot, viewer: VideoViewer, item_id: int) -> None:
    qtbot.waitUntil(
        lambda: viewer.current_id == item_id and not viewer.loading and viewer.editor.draft is not None,
        timeout=15000,
    )


def wait_frame(qtbot, viewer: VideoViewer, frame: int) -> None:
    qtbot.waitUntil(lambda: viewer.frame == frame and viewer.shown_frame == frame, timeout=10000)


def picture_x(viewer: VideoViewer) -> int:
    """Where the white square is in the picture on screen."""
    image = viewer.scene.image_item.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return bright_x(rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3))


def drawn(viewer: VideoViewer) -> list[tuple[str, tuple]]:
    return sorted((box.figure.class_title, box.figure.edges) for box in viewer.scene.boxes() if box.isVisible())


def test_open_a_video_and_step_its_frames_with_the_arrow_keys(video_state, video_project, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    first = video_project.video_ids[0]
    viewer.open_item(first)
    wait_video(qtbot, viewer, first)
    wait_frame(qtbot, viewer, 0)
    assert viewer.frames_count == FRAMES and viewer.playback.slider.maximum() == FRAMES - 1
    assert picture_x(viewer) == square_x(0)
    assert ("car", square_box(0)) in drawn(viewer)
    assert viewer.playback.position.text().startswith(f"Frame 1 / {FRAMES}")

    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    wait_frame(qtbot, viewer, 1)
    assert picture_x(viewer) == square_x(1)
    assert ("car", square_box(1)) in drawn(viewer) and ("car", square_box(0)) not in drawn(viewer)

    qtbot.keyClick(viewer, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    wait_frame(qtbot, viewer, 11)
    assert picture_x(viewer) == square_x(11)
    assert ("person", PERSON_BOX) in drawn(viewer)  # on frames 10-20 only
    assert "weather: sun" in viewer.playback.frame_tags.text()  # the tag's range is frames 0-17

    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    wait_frame(qtbot, viewer, 10)
    assert picture_x(viewer) == square_x(10)
    qtbot.keyClick(viewer, Qt.Key.Key_End)
    wait_frame(qtbot, viewer, FRAMES - 1)
    assert "person" not in {title for title, _ in drawn(viewer)} and viewer.playback.frame_tags.text() == ""
    assert max(PERSON_FRAMES) < FRAMES - 1
    # the video was downloaded once, into the app's cache folder
    assert len(list((video_state.cache_dir / "videos").iterdir())) == 1


def test_scrubbing_to_the_end_keeps_the_window_responsive(video_state, video_project, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    viewer.open_item(video_project.video_ids[0])
    wait_video(qtbot, viewer, video_project.video_ids[0])
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    slider = viewer.playback.slider
    for value in range(FRAMES):  # a drag across the bar, one position after the other
        slider.setValue(value)
        qtbot.wait(1)  # let the loop turn between positions, as a real drag does
    wait_frame(qtbot, viewer, FRAMES - 1)
    heartbeat.stop()
    assert picture_x(viewer) == square_x(FRAMES - 1)
    assert viewer.frames.decoded < FRAMES  # positions passed over are not all decoded
    assert len(gaps) > 5 and max(gaps) < 0.5  # the loop kept turning (generous: 2 cores, other tests)


def test_a_box_drawn_on_a_frame_is_saved_to_the_server(video_state, video_project, qtbot, qloop, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    video_id = video_project.video_ids[0]
    viewer.open_item(video_id)
    wait_video(qtbot, viewer, video_id)
    viewer.show_frame(5)
    wait_frame(qtbot, viewer, 5)
    viewer.view.set_zoom(1.0)
    viewer.view.centerOn(160, 90)
    viewer.editor.choose_class(1)  # person
    viewer.editor.act_draw.setChecked(True)
    viewer.editor.tool.set_draw_mode(True)
    drag(viewer, (100, 120), (140, 170))
    assert ("person", (100, 120, 140, 170)) in drawn(viewer)
    assert viewer.editor.dirty and "•" in viewer.title.text()
    viewer.editor.act_undo.trigger()
    assert ("person", (100, 120, 140, 170)) not in drawn(viewer) and not viewer.editor.dirty
    viewer.editor.act_redo.trigger()
    assert viewer.editor.dirty

    qtbot.keyClick(viewer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not viewer.editor.dirty and not viewer.editor.saving, timeout=10000)
    assert viewer.editor.last_status == "saved"
    annotation = run(qloop, qtbot, video_state.api.videos.annotation(video_project.dataset_ids["day"], video_id))
    frame5 = sorted(
        (annotation.object(f.object_key).class_title, f.edges()) for f in annotation.figures if f.frame == 5
    )
    assert frame5 == sorted(
        [("car", square_box(5)), ("car_pred", _shifted(square_box(5), 2)), ("person", (100, 120, 140, 170))]
    )
    assert len([f for f in annotation.figures if f.frame == 6]) == 2  # other frames as they were
    assert annotation.tags[0].frame_range == (0, 17)  # the video tag kept its range
    assert len(annotation.objects) == 4  # the box drawn is a new object


def test_a_box_continues_an_object_and_a_video_tag_changes(video_state, video_project, qtbot, qloop, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    video_id = video_project.video_ids[0]
    viewer.open_item(video_id)
    wait_video(qtbot, viewer, video_id)
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    wait_frame(qtbot, viewer, 1)  # the person has boxes on frames 10-20 only
    combo = viewer.video_editor.object_combo
    person = next(i for i in range(combo.count()) if combo.itemText(i).startswith("person"))
    assert combo.itemText(person) == "person (frames 11–21)"
    combo.setCurrentIndex(person)
    assert viewer.editor.current_class() == "person"
    viewer.view.set_zoom(1.0)
    viewer.view.centerOn(160, 90)
    viewer.editor.tool.set_draw_mode(True)
    drag(viewer, (200, 110), (250, 160))
    assert ("person", (200, 110, 250, 160)) in drawn(viewer)
    assert combo.currentIndex() == 0  # the person has a box here now: the next box is a new object
    viewer.editor.image_tags.addRequested.emit("weather", "rain")
    qtbot.keyClick(viewer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not viewer.editor.dirty and not viewer.editor.saving, timeout=10000)
    assert viewer.editor.last_status == "saved"

    annotation = run(qloop, qtbot, video_state.api.videos.annotation(video_project.dataset_ids["day"], video_id))
    assert len(annotation.objects) == 3  # no new object: the person continues
    person_key = next(o.key for o in annotation.objects if o.class_title == "person")
    frames = sorted(f.frame for f in annotation.figures if f.object_key == person_key)
    assert frames == [1, *PERSON_FRAMES]
    assert [(t.name, t.value, t.frame_range) for t in annotation.tags] == [("weather", "rain", (0, 17))]


def test_space_plays_and_k_pauses(video_state, video_project, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    viewer.open_item(video_project.video_ids[0])
    wait_video(qtbot, viewer, video_project.video_ids[0])
    qtbot.keyClick(viewer, Qt.Key.Key_Space)
    assert viewer.playing and viewer.act_play.text() == "Pause"
    qtbot.waitUntil(lambda: viewer.shown_frame is not None and viewer.shown_frame >= 3, timeout=10000)
    qtbot.keyClick(viewer, Qt.Key.Key_K)
    assert not viewer.playing
    stopped = viewer.frame
    qtbot.wait(300)  # nothing moves while paused (the point: it does NOT advance)
    assert viewer.frame == stopped
    qtbot.keyClick(viewer, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not viewer.playing, timeout=10000)  # plays to the end and stops there
    assert viewer.frame == FRAMES - 1


def test_stepping_to_the_next_video_asks_about_unsaved_changes(video_state, video_project, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    first, second = video_project.video_ids[:2]
    viewer.open_item(first)
    wait_video(qtbot, viewer, first)
    car = next(box.figure for box in viewer.scene.boxes() if box.figure.class_title == "car")
    viewer.scene.set_current(car.key)
    qtbot.keyClick(viewer, Qt.Key.Key_Delete)
    assert viewer.editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    assert viewer.current_id == first  # nothing happens before the answer
    viewer.prompt.button(QMessageBox.StandardButton.Discard).click()
    wait_video(qtbot, viewer, second)
    assert not viewer.editor.dirty


def _shifted(edges, dx):
    left, top, right, bottom = edges
    return left + dx, top, right + dx, bottom


def test_no_two_viewer_actions_share_a_key(video_state, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    keys = [k.toString() for action in viewer.viewer_actions() for k in action.shortcuts()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert {"Space", "K", "Left", "Right", "Shift+Left", "Shift+Right", "PgUp", "PgDown"} <= set(keys)


def test_arrows_nudge_a_selected_box_and_step_frames_without_one(video_state, video_project, qtbot, qt_owned):
    viewer = make_video_viewer(qtbot, video_state, qt_owned)
    video_id = video_project.video_ids[0]
    viewer.open_item(video_id)
    wait_video(qtbot, viewer, video_id)
    qtbot.keyClick(viewer, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    wait_frame(qtbot, viewer, 10)  # no box selected: Shift+→ is 10 frames ahead
    car = next(f for f in viewer.editor.draft.figures if f.class_title == "car")
    viewer.scene.set_current(car.key)
    qtbot.keyClick(viewer, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_Down)
    left, top, right, bottom = car.edges
    assert viewer.frame == 10 and ("car", (left + 10, top + 1, right + 10, bottom + 1)) in drawn(viewer)
    assert viewer.editor.dirty
    qtbot.keyClick(viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("car", car.edges) in drawn(viewer) and not viewer.editor.dirty
    viewer.scene.set_current(None)
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    wait_frame(qtbot, viewer, 9)

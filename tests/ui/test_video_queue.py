"""Working a labeling queue of videos on the real bundled server: the queue
window shows its items in the video viewer, a box deleted on a frame is
saved by Submit (Ctrl+Enter) before the item goes to review, and the
reviewer gets the item in the video viewer too."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.video.video_viewer import VideoViewer
from tests.fixtures.video_clips import square_box
from tests.qt.browse_helpers import qt_owned, run  # noqa: F401
from tests.qt.video_fixtures import video_project, video_state  # noqa: F401
from tests.ui.test_queue_work_window import open_window, states
from tests.ui.viewer_helpers import CTRL


def wait_video_item(qtbot, window) -> int:
    qtbot.waitUntil(
        lambda: (
            window.entity is not None
            and window.viewer.current_id == window.entity.id
            and not window._busy
            and window.viewer.editor.draft is not None
        ),
        timeout=15000,
    )
    return window.entity.id


def test_a_video_queue_is_worked_in_the_video_viewer(video_state, video_project, qloop, qtbot, qt_owned):
    state = video_state
    ids = video_project.video_ids[:2]
    me = run(qloop, qtbot, state.api.users.me())
    collection = run(qloop, qtbot, state.api.collections.create(state.project.id, "to check"))
    run(qloop, qtbot, state.api.collections.add_items(collection.id, ids))
    queue_id = run(
        qloop,
        qtbot,
        state.api.queues.create(
            "Check clips", [me.id], [me.id], collection_id=collection.id, allow_review_own_annotations=True
        ),
    )
    queue = run(qloop, qtbot, state.api.queues.info(queue_id))

    labeler = open_window(qtbot, qt_owned, state, queue, "labeler")
    assert isinstance(labeler.viewer, VideoViewer)
    first = wait_video_item(qtbot, labeler)
    assert first in ids
    viewer = labeler.viewer
    viewer.show_frame(3)
    qtbot.waitUntil(lambda: viewer.shown_frame == 3, timeout=10000)
    car = next(b.figure for b in viewer.scene.boxes() if b.figure.class_title == "car")
    viewer.scene.set_current(car.key)
    qtbot.keyClick(labeler, Qt.Key.Key_Delete)
    assert viewer.editor.dirty
    qtbot.keyClick(labeler, Qt.Key.Key_Return, CTRL)  # saves, submits, takes the next
    qtbot.waitUntil(lambda: labeler.entity is not None and labeler.entity.id != first, timeout=15000)
    wait_video_item(qtbot, labeler)
    dataset_id = video_project.dataset_ids["day"]
    annotation = run(qloop, qtbot, state.api.videos.annotation(dataset_id, first))
    frame3 = {annotation.object(f.object_key).class_title: f.edges() for f in annotation.figures if f.frame == 3}
    assert "car" not in frame3 and "car_pred" in frame3  # deleted on frame 3 only
    frame4 = {annotation.object(f.object_key).class_title: f.edges() for f in annotation.figures if f.frame == 4}
    assert frame4["car"] == square_box(4)
    assert states(qloop, qtbot, state, queue.id)[first] == "on_review"

    reviewer = open_window(qtbot, qt_owned, state, queue, "reviewer")
    assert isinstance(reviewer.viewer, VideoViewer)
    assert wait_video_item(qtbot, reviewer) == first
    qtbot.keyClick(reviewer, Qt.Key.Key_Return, CTRL)  # accept
    qtbot.waitUntil(lambda: states(qloop, qtbot, state, queue.id)[first] == "accepted", timeout=10000)

"""Triage mode on the real demo server: F files the item into "False positives"
and tags it, then the next item comes; Ctrl+Z steps back and takes back both;
the counter counts; a second session shows the verdicts already given; a key
chosen in the settings works; the unmatched predictions are highlighted.
On a video project: a video opens at its first mistake and the frame keys step
between mistakes; F files the video and tags it (a video tag), Ctrl+Z takes
both back; the objects' walk shows each item once, at its object's frame."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain.triage import DEFAULT_VERDICTS, TRIAGE_TAG, check_verdicts
from desktop_app.domain.triage_tag import image_tag_value
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.qt.object_crops import ObjectCrops
from desktop_app.qt.objects_model import ObjectsModel, ObjectsQuery
from desktop_app.qt.objects_sequence import ObjectsSequence
from desktop_app.qt.window_settings import WindowSettings
from desktop_app.shared.matching import Box, match_item
from desktop_app.shared.predictions import is_prediction_class
from desktop_app.ui.triage.triage_actions import TriageActions
from desktop_app.ui.triage.triage_window import TriageWindow
from tests.e2e.window_driver import close_window, open_window
from tests.qt.browse_helpers import loaded_controller, qt_owned, wait_rows_loaded  # noqa: F401
from tests.qt.video_fixtures import FRAMES, PERSON_BOX, PERSON_FRAMES, video_project, video_state  # noqa: F401
from tests.ui.collection_helpers import run, server_collections, server_items, settle
from tests.ui.point_cloud_world import cloud_state, cloud_world  # noqa: F401


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_triage(qtbot, state, owned, verdicts=DEFAULT_VERDICTS, clock=None) -> TriageWindow:
    controller = loaded_controller(qtbot, state, owned)
    window = TriageWindow(state, BrowseSequence(controller), verdicts, clock=clock)
    qtbot.addWidget(window)
    owned(window)
    with qtbot.waitActive(window):  # the verdict keys are window shortcuts
        window.show()
        window.activateWindow()
    wait_item(qtbot, window, 0)
    return window


def wait_item(qtbot, window: TriageWindow, index: int) -> None:
    qtbot.waitUntil(
        lambda: (
            window.index == index
            and not window.busy
            and not window.scope.running("load")
            and window.annotation is not None
        ),
        timeout=10000,
    )


def tag_on_server(qtbot, qloop, state, item_id):
    return image_tag_value(run(qtbot, qloop, state.api.annotations.info(item_id)), TRIAGE_TAG)


def test_f_files_and_tags_then_undo_takes_both_back(app_state, qloop, qtbot, qt_owned):
    clock = Clock()
    window = open_triage(qtbot, app_state, qt_owned, clock=clock)
    first = window.image.id
    assert window.position.text() == f"<b>1 / {window.sequence.count()}</b>"
    assert "F</b> False positive" in window.keys_label.text()
    assert window.verdict_label.text() == "No verdict yet"

    qtbot.keyClick(window, Qt.Key.Key_F)
    wait_item(qtbot, window, 1)
    settle(qtbot, app_state)
    filed = server_collections(qtbot, qloop, app_state)["False positives"]
    assert server_items(qtbot, qloop, app_state, filed.id) == {first}
    assert tag_on_server(qtbot, qloop, app_state, first) == "false positive"
    assert window.position.text().startswith("<b>2 / ")

    clock.now += 30
    qtbot.keyClick(window, Qt.Key.Key_S)  # skip: nothing filed
    wait_item(qtbot, window, 2)
    assert window.pace.count == 2 and window.pace_label.text() == "4.0 items/min"  # 2 in 30 s

    qtbot.keyClick(window, Qt.Key.Key_Backspace)  # back over the skip: nothing to undo
    wait_item(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back over F: undone
    wait_item(qtbot, window, 0)
    settle(qtbot, app_state)
    assert window.image.id == first and window.pace.count == 0
    assert "False positives" not in server_collections(qtbot, qloop, app_state)  # created by that verdict
    assert tag_on_server(qtbot, qloop, app_state, first) is None
    assert window.verdict_label.text() == "No verdict yet"

    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    assert window.message.text() == "Nothing to step back to in this session."


def test_a_new_session_shows_the_verdicts_and_a_custom_key_works(app_state, qloop, qtbot, qt_owned):
    custom = check_verdicts(
        tuple(
            v if v.name != "ambiguous" else v.__class__(v.name, v.label, "Q", "Unsure ones", v.tag_value)
            for v in DEFAULT_VERDICTS
        )
    )
    window = open_triage(qtbot, app_state, qt_owned, verdicts=custom)
    first = window.image.id
    qtbot.keyClick(window, Qt.Key.Key_A)  # not a key any more
    assert window.index == 0 and not window.busy
    qtbot.keyClick(window, Qt.Key.Key_Q)
    wait_item(qtbot, window, 1)
    settle(qtbot, app_state)
    unsure = server_collections(qtbot, qloop, app_state)["Unsure ones"]
    assert server_items(qtbot, qloop, app_state, unsure.id) == {first}
    window.close()

    again = open_triage(qtbot, app_state, qt_owned, verdicts=custom)
    assert again.image.id == first
    assert again.verdict_label.text() == "Verdict: <b>Ambiguous</b>"
    qtbot.keyClick(again, Qt.Key.Key_F)  # a changed mind: out of "Unsure ones", into "False positives"
    wait_item(qtbot, again, 1)
    settle(qtbot, app_state)
    collections = server_collections(qtbot, qloop, app_state)
    assert server_items(qtbot, qloop, app_state, collections["Unsure ones"].id) == set()
    assert server_items(qtbot, qloop, app_state, collections["False positives"].id) == {first}
    assert tag_on_server(qtbot, qloop, app_state, first) == "false positive"


def test_unmatched_predictions_and_missed_boxes_are_highlighted(app_state, qloop, qtbot, qt_owned):
    window = open_triage(qtbot, app_state, qt_owned)
    labelled = [c.title for c in app_state.meta.classes if not is_prediction_class(c.title)]
    for index in range(6):  # the first items of the demo; some carry false positives
        wait_item(qtbot, window, index)
        objects = window.annotation.objects
        boxes = [
            Box(i, f.class_title, *f.edges(), next((t.value for t in f.tags if t.name == "confidence"), None))
            for i, f in enumerate(objects)
            if f.geometry_type == "rectangle"
        ]
        matches = match_item(boxes, labelled, 0.5)
        edges = {b.figure_id: (b.left, b.top, b.right, b.bottom) for b in boxes}
        assert window.highlights.false_positives == [edges[m.figure_id] for m in matches if m.kind == "fp"]
        assert window.highlights.missed == [edges[m.figure_id] for m in matches if m.kind == "fn"]
        assert len(window.highlights.items) == len(window.highlights.false_positives) + len(window.highlights.missed)
        qtbot.keyClick(window, Qt.Key.Key_S)


def test_the_tools_menu_opens_triage_on_the_current_item_and_keys_are_saved(qtbot, qloop, demo, tmp_path):
    main = open_window(qtbot, demo, tmp_path / "home")
    try:
        tools = next(a.menu() for a in main.menuBar().actions() if a.text() == "&Tools")
        assert [a.text() for a in tools.actions()][:3] == ["Triage mode…", "Triage keys…", "Evaluation…"]
        wait_rows_loaded(qtbot, main.browse, range(4))
        main.browse.selection_model.setCurrentIndex(
            main.browse.model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        main.triage_actions.triage_action.trigger()
        window = main.triage_actions.window
        wait_item(qtbot, window, 2)
        assert window.image.id == main.browse.model.item_at(2).id

        window.settings_button.click()
        dialog = main.triage_actions.dialog
        dialog.key_fields["ambiguous"].setText("f")  # F is taken: refused in words, nothing saved
        dialog.save_button.click()
        assert dialog.isVisible() and "“F” is the key of both" in dialog.problem.text()
        dialog.key_fields["ambiguous"].setText("A")
        dialog.key_fields["false_positive"].setText("x")
        dialog.collection_fields["false_positive"].setText("Model mistakes")
        dialog.save_button.click()
        assert not dialog.isVisible()
        assert main.settings.triage()["false_positive.key"] == "X"
        assert main.triage_actions.verdicts()[0].collection == "Model mistakes"

        first = window.image.id
        with qtbot.waitActive(window):
            window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_X)
        wait_item(qtbot, window, 3)
        settle(qtbot, main.state)
        filed = server_collections(qtbot, qloop, main.state)["Model mistakes"]
        assert server_items(qtbot, qloop, main.state, filed.id) == {first}

        qtbot.keyClick(window, Qt.Key.Key_Escape)  # closed: the main window's keys work again at once
        qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=5000)
    finally:
        close_window(qtbot, qloop, main)


def test_triage_of_a_collections_list_goes_on_while_a_verdict_reloads_it(app_state, qloop, qtbot, qt_owned):
    """A verdict changes collections, and a collection's list is then read again: the walk
    neither ends ("0 / 0", as it once did on the real window) nor skips an item."""
    from desktop_app.domain.browse_scope import Scope
    from tests.ui.collection_helpers import make_collection, project_item_ids

    ids = project_item_ids(qtbot, qloop, app_state)[:5]
    picked = make_collection(qtbot, qloop, app_state, "Picked", ids)
    app_state.session.set_scope(Scope.collection(picked.id))
    window = open_triage(qtbot, app_state, qt_owned)
    reloads = []
    window.sequence.controller.model.modelReset.connect(lambda: reloads.append(True))
    shown = [window.image.id]
    for step in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_F)
        wait_item(qtbot, window, step)
        shown.append(window.image.id)
        assert window.position.text() == f"<b>{step + 1} / 5</b>"
    settle(qtbot, app_state)
    assert reloads, "the verdicts reloaded the collection's list"
    assert len(set(shown)) == 3 and set(shown) <= set(ids)


# -- video projects ----------------------------------------------------------------------
# The fixture's clips (tests/qt/video_fixtures.py): a car and a car_pred two pixels off on every
# frame (matched at IoU 0.5), and in the first clip a person on frames 10-20 that no prediction
# found (missed).


def open_video_triage(qtbot, state, owned, sequence=None, start=0) -> TriageWindow:
    if sequence is None:
        sequence = BrowseSequence(loaded_controller(qtbot, state, owned))
    window = TriageWindow(state, sequence, DEFAULT_VERDICTS)
    qtbot.addWidget(window)
    owned(window)
    window.start_at(start)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    wait_item(qtbot, window, start)
    return window


def video_tags(qtbot, qloop, state, video_id):
    info = run(qtbot, qloop, state.api.videos.info(video_id))
    return run(qtbot, qloop, state.api.videos.annotation(info.dataset_id, video_id)).tags


def test_a_video_opens_at_its_first_mistake_and_the_frame_keys_step_between_mistakes(
    video_state, video_project, qtbot, qt_owned
):
    window = open_video_triage(qtbot, video_state, qt_owned)
    assert window.image.id == video_project.video_ids[0]
    first = PERSON_FRAMES[0]
    assert window.video.frame == first
    assert window.frame_label.text() == f"frame {first + 1} of {FRAMES}  ·  mistakes on {len(PERSON_FRAMES)} frames"
    assert window.highlights.missed == [PERSON_BOX] and window.highlights.false_positives == []
    assert len(window.highlights.items) == 1
    assert {f.class_title for f in window.scene.draft.figures} == {"car", "car_pred", "person"}  # that frame's boxes
    assert "<b>,</b> / <b>.</b> (<b>PgUp</b> / <b>PgDn</b>) frame with a mistake" in window.keys_label.text()
    qtbot.waitUntil(lambda: not window.scene.image_item.pixmap().isNull(), timeout=10000)  # the frame decoded

    qtbot.keyClick(window, Qt.Key.Key_Period)
    assert window.video.frame == first + 1 and window.frame_label.text().startswith(f"frame {first + 2} of")
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.video.frame == first + 2 and window.highlights.missed == [PERSON_BOX]
    qtbot.keyClick(window, Qt.Key.Key_Comma)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.video.frame == first
    qtbot.keyClick(window, Qt.Key.Key_Comma)  # nothing before the first mistake: said, and it stays
    assert window.video.frame == first and "No frame with a mistake before frame 11" in window.message.text()
    assert window.index == 0  # the frame keys never leave the video

    qtbot.keyClick(window, Qt.Key.Key_S)
    wait_item(qtbot, window, 1)
    assert window.video.frame == 0 and window.highlights.items == []  # no mistake: frame 0
    assert window.frame_label.text() == f"frame 1 of {FRAMES}  ·  no mistakes on any frame"


def test_f_files_a_video_and_tags_it_and_ctrl_z_takes_both_back(video_state, video_project, qloop, qtbot, qt_owned):
    state = video_state
    window = open_video_triage(qtbot, state, qt_owned)
    video = window.image.id
    boxes = sorted((f.frame, f.object_key, f.exterior) for f in window.video.annotation.figures)
    qtbot.keyClick(window, Qt.Key.Key_F)
    wait_item(qtbot, window, 1)
    settle(qtbot, state)
    filed = server_collections(qtbot, qloop, state)["False positives"]
    assert server_items(qtbot, qloop, state, filed.id) == {video}
    tags = video_tags(qtbot, qloop, state, video)
    assert [(t.name, t.value, t.frame_range) for t in tags if t.name == TRIAGE_TAG] == [
        (TRIAGE_TAG, "false positive", None)
    ]
    assert [(t.name, t.value, t.frame_range) for t in tags if t.name == "weather"] == [("weather", "sun", (0, 17))]

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_item(qtbot, window, 0)
    settle(qtbot, state)
    assert window.image.id == video and window.verdict_label.text() == "No verdict yet"
    assert "False positives" not in server_collections(qtbot, qloop, state)
    tags = video_tags(qtbot, qloop, state, video)
    assert [t.name for t in tags] == ["weather"]
    info = run(qtbot, qloop, state.api.videos.info(video))
    after = run(qtbot, qloop, state.api.videos.annotation(info.dataset_id, video))
    assert sorted((f.frame, f.object_key, f.exterior) for f in after.figures) == boxes  # every box kept

    qtbot.keyClick(window, Qt.Key.Key_M)  # given again, and a new session shows it
    wait_item(qtbot, window, 1)
    settle(qtbot, state)
    window.close()
    again = open_video_triage(qtbot, state, qt_owned)
    assert again.image.id == video and again.verdict_label.text() == "Verdict: <b>Missing label</b>"


def test_the_objects_walk_visits_each_video_once_at_its_objects_frame(
    video_state, video_project, qloop, qtbot, qt_owned
):
    """At IoU 0.95 every car_pred box is a false positive: 36 per clip, 144 rows over three
    pages; the walk shows each clip once, at the frame of the object it was reached by."""
    state = video_state
    run(qtbot, qloop, state.api.evaluation.update_settings(state.project.id, 0.95))
    model = ObjectsModel(state, ObjectCrops(state.services.images))
    qt_owned(model)
    model.set_query(ObjectsQuery(kind="fp"))
    qtbot.waitUntil(lambda: model.total is not None, timeout=10000)
    assert model.total == FRAMES * len(video_project.video_ids) > len(model.objects)
    sequence = ObjectsSequence(model)
    row = 5
    chosen = model.objects[row]
    start = sequence.position_of_row(row)
    window = open_video_triage(qtbot, state, qt_owned, sequence=sequence, start=start)
    assert window.image.id == chosen.image_id and window.video.frame == chosen.frame
    assert len(window.highlights.false_positives) == 1
    position, count = window.position.text().removeprefix("<b>").removesuffix("</b>").split(" / ")
    assert count.startswith("≤") and int(position) <= int(count[1:])
    shown = [window.image.id]
    while True:
        qtbot.keyClick(window, Qt.Key.Key_S)
        qtbot.waitUntil(lambda: not window.scope.running("load") and not window.busy, timeout=10000)
        if window.image is None:
            break
        shown.append(window.image.id)
    visited = len(video_project.video_ids) - start
    assert len(shown) == len(set(shown)) == visited
    assert window.position.text() == f"<b>{len(video_project.video_ids)} / {len(video_project.video_ids)}</b>"
    assert window.message.text().startswith("That was the last item")


def make_triage_actions(qtbot, state, owned, tmp_path) -> TriageActions:
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = loaded_controller(qtbot, state, owned)
    return TriageActions(state, controller, WindowSettings(tmp_path / "settings.json"), parent)


def test_tools_triage_opens_on_a_video_project(video_state, video_project, qtbot, qt_owned, tmp_path):
    actions = make_triage_actions(qtbot, video_state, qt_owned, tmp_path)
    actions.triage_action.trigger()
    window = actions.window
    assert window is not None and window.video is not None
    qt_owned(window)
    wait_item(qtbot, window, 0)
    assert window.frame_label.text().startswith(f"frame {PERSON_FRAMES[0] + 1} of {FRAMES}")


def test_point_clouds_are_not_triaged_and_it_says_why(cloud_state, qtbot, qt_owned, tmp_path):
    actions = make_triage_actions(qtbot, cloud_state, qt_owned, tmp_path)
    with qtbot.waitSignal(cloud_state.messageRaised) as said:
        actions.triage_action.trigger()
    assert "point clouds are not evaluated" in said.args[0]
    assert actions.window is None

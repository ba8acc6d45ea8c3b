"""The objects view on the real demo server: its tiles are exactly the demo's
false-positive boxes (worked out here from the annotations with the matching
rule), highest confidence first, each with a crop of its box; another kind
and a class narrow it; double-click opens the item with that box selected."""

from __future__ import annotations

from dataclasses import replace

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from desktop_app.api.client import ApiClient
from desktop_app.api.evaluation import BoundingBox
from desktop_app.qt.app_state import AppState
from desktop_app.qt.object_crops import cut
from desktop_app.qt.objects_model import ObjectRole
from desktop_app.server.demo.videos import build_video_demo
from desktop_app.shared.matching import Box, match_item
from desktop_app.shared.predictions import is_prediction_class
from desktop_app.ui.evaluation.objects_view import NOT_EVALUATED, TILE, ObjectsView
from desktop_app.ui.video.video_viewer import VideoViewer
from tests.e2e.window_driver import close_window, open_window
from tests.ui.collection_helpers import run
from tests.ui.point_cloud_world import cloud_state, cloud_world  # noqa: F401 (fixtures)


def expected_boxes(qtbot, qloop, state, kind: str) -> dict[int, float | None]:
    """figure id -> confidence of every box of `kind` in the project, by the matching rule."""
    labelled = [c.title for c in state.meta.classes if not is_prediction_class(c.title)]
    out: dict[int, float | None] = {}
    images = run(qtbot, qloop, state.api.images.list(project_id=state.project.id))
    by_dataset: dict[int, list[int]] = {}
    for image in images:
        by_dataset.setdefault(image.dataset_id, []).append(image.id)
    for dataset_id, ids in by_dataset.items():
        for annotation in run(qtbot, qloop, state.api.annotations.bulk_info(dataset_id, ids)):
            boxes = [
                Box(f.id, f.class_title, *f.edges(), next((t.value for t in f.tags if t.name == "confidence"), None))
                for f in annotation.objects
                if f.geometry_type == "rectangle"
            ]
            for m in match_item(boxes, labelled, 0.5):
                if m.kind == kind and (m.prediction or kind == "fn"):
                    out[m.figure_id] = m.confidence
    return out


def load_all(qtbot, view: ObjectsView) -> list:
    model = view.model
    qtbot.waitUntil(lambda: model.total is not None and not model.loading, timeout=10000)
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    return [model.index(row).data(ObjectRole) for row in range(model.rowCount())]


def make_view(qtbot, state) -> ObjectsView:
    view = ObjectsView(state)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()  # loads when first shown
    return view


def test_tiles_are_the_false_positives_by_confidence_with_crops(app_state, qloop, qtbot):
    view = make_view(qtbot, app_state)
    tiles = load_all(qtbot, view)
    truth = expected_boxes(qtbot, qloop, app_state, "fp")
    assert truth, "the demo has false positives"
    assert {t.figure_id for t in tiles} == set(truth)
    confidences = [t.confidence for t in tiles]
    assert confidences == sorted(confidences, reverse=True)
    assert all(t.kind == "fp" and t.class_title.endswith("_pred") for t in tiles)
    assert view.counts.text() == f"{len(truth):,} false positives"

    first = view.model.index(0)
    first.data(Qt.ItemDataRole.DecorationRole)  # asks for the crop
    qtbot.waitUntil(lambda: first.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=10000)
    crop = first.data(Qt.ItemDataRole.DecorationRole)
    box = tiles[0].bbox
    assert 0 < crop.width() <= TILE and 0 < crop.height() <= TILE
    wide = (box.right - box.left) >= (box.bottom - box.top)
    assert (crop.width() == TILE) if wide else (crop.height() == TILE)  # the box's shape, fitted to the tile

    view.sort.setCurrentIndex(view.sort.findText("Confidence ↑"))
    ascending = [t.confidence for t in load_all(qtbot, view)]
    assert ascending == sorted(confidences)


def test_missed_boxes_of_one_class(app_state, qloop, qtbot):
    view = make_view(qtbot, app_state)
    load_all(qtbot, view)
    view.kind.setCurrentIndex(view.kind.findData("fn"))
    missed = load_all(qtbot, view)
    assert {t.figure_id for t in missed} == set(expected_boxes(qtbot, qloop, app_state, "fn"))
    title = next(t.class_title for t in missed) if missed else app_state.meta.classes[0].title
    view.classes.setCurrentIndex(view.classes.findText(title))
    narrowed = load_all(qtbot, view)
    assert narrowed and {t.class_title for t in narrowed} == {title}
    assert len(narrowed) <= len(missed)


def test_the_objects_panel_sits_under_the_views_and_leaves_the_side_docks_their_height(qtbot, qloop, demo, tmp_path):
    window = open_window(qtbot, demo, tmp_path / "home")
    try:
        window.resize(1400, 900)
        side = window.findChild(QDockWidget, "collectionsDock")
        filters = window.findChild(QDockWidget, "filtersDock")
        full_height = side.geometry().bottom()
        window.objects_dock.toggleViewAction().trigger()
        qtbot.waitUntil(lambda: window.objects_dock.isVisible() and window.objects_dock.height() > 50)
        objects = window.objects_dock.geometry()
        assert side.geometry().right() < objects.left() and objects.right() < filters.geometry().left()
        assert side.geometry().bottom() == full_height  # the collections and queues keep their room
        window.grab().save(str(tmp_path / "objects_panel.png"))
    finally:
        if shiboken6.isValid(window):
            close_window(qtbot, qloop, window)


def test_double_click_opens_the_item_with_the_box_selected(qtbot, qloop, demo, tmp_path):
    window = open_window(qtbot, demo, tmp_path / "home")
    try:
        window.objects_dock.toggleViewAction().trigger()
        view = window.objects_view
        tiles = load_all(qtbot, view)
        row = min(3, len(tiles) - 1)
        wanted = tiles[row]
        index = view.model.index(row)
        view.list.scrollTo(index)
        where = view.list.visualRect(index).center()
        assert view.list.viewport().rect().contains(where), (view.list.viewport().rect(), where)
        QTest.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
        qtbot.waitUntil(lambda: window.viewer_opener.viewer is not None, timeout=5000)
        viewer = window.viewer_opener.viewer
        qtbot.waitUntil(
            lambda: viewer.current_id == wanted.image_id and viewer.scene.current_key is not None, timeout=10000
        )
        figure = viewer.editor.draft.figure(viewer.scene.current_key)
        assert figure.class_title == wanted.class_title
        b = wanted.bbox
        assert figure.edges == pytest.approx((b.left, b.top, b.right, b.bottom))
        assert figure.confidence == pytest.approx(wanted.confidence)
    finally:
        if shiboken6.isValid(window):
            close_window(qtbot, qloop, window)


def test_triage_walks_the_objects_items(qtbot, qloop, demo, tmp_path):
    window = open_window(qtbot, demo, tmp_path / "home")
    try:
        window.objects_dock.toggleViewAction().trigger()
        view = window.objects_view
        model = view.model
        qtbot.waitUntil(lambda: model.total is not None and not model.loading, timeout=10000)
        view.list.setCurrentIndex(model.index(1))
        view.triage_button.click()
        triage = window.triage_actions.window
        at = triage.sequence.index_of(model.objects[1].image_id)  # the walk visits each item once
        qtbot.waitUntil(lambda: triage.image is not None and triage.index == at and not triage.busy, timeout=10000)
        assert triage.image.id == model.objects[1].image_id
        distinct = len({o.image_id for o in model.objects})
        assert len(model.objects) == model.total and triage.position.text() == f"<b>{at + 1} / {distinct}</b>"
        assert triage.highlights.false_positives  # the object shown is a false positive of that item
    finally:
        if shiboken6.isValid(window):
            close_window(qtbot, qloop, window)


@pytest.fixture
def video_demo(live, demo) -> int:
    """The video demo project (predictions, true and false positives, evaluated), next to the image demo."""
    with live.sessions()() as s, s.begin():
        return build_video_demo(s).project_id


@pytest.fixture
def video_demo_state(qloop, qtbot, demo, video_demo, tmp_path):
    state = AppState(ApiClient(demo.url, demo.token), tmp_path / "outbox.sqlite", cache_dir=tmp_path / "cache")
    state.start()
    task = qloop.create_task(state.open_project(video_demo))
    qtbot.waitUntil(task.done, timeout=10000)
    task.result()
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)


def server_frame(live, demo, video_id: int, frame: int) -> QImage:
    """The frame as the server cuts it (videos.download-frame), apart from the app's own path."""
    answer = live.call("videos.download-frame", {"videoId": video_id, "frame": frame}, demo.token)
    assert answer.status_code == 200, answer.text
    picture = QImage.fromData(answer.content)
    assert not picture.isNull()
    return picture.convertToFormat(QImage.Format.Format_RGB888)


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference of two same-sized pictures' pixels (0..255)."""
    assert a.size() == b.size(), (a.size(), b.size())
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(ca.red() - cb.red()) + abs(ca.green() - cb.green()) + abs(ca.blue() - cb.blue())
    return total / (a.width() * a.height() * 3)


def wait_for_crop(qtbot, view: ObjectsView, obj) -> QPixmap:
    with qtbot.waitSignal(view.crops.cropReady, timeout=15000, check_params_cb=lambda fid: fid == obj.figure_id):
        assert view.crops.pixmap(obj) is None  # queued: nothing cached yet
    crop = view.crops.pixmap(obj)
    assert crop is not None and not crop.isNull()
    return crop


def test_a_video_projects_false_positives_have_crops_from_their_own_frame(
    video_demo_state, live, demo, qtbot, monkeypatch
):
    view = make_view(qtbot, video_demo_state)
    tiles = load_all(qtbot, view)
    assert tiles and all(t.kind == "fp" and t.class_title.endswith("_pred") for t in tiles)
    assert all(t.frame is not None for t in tiles)  # every video box sits on a frame
    confidences = [t.confidence for t in tiles]
    assert confidences == sorted(confidences, reverse=True)
    assert view.counts.text() == f"{len(tiles):,} false positives"
    assert f"frame {tiles[0].frame + 1}" in view.model.index(0).data(Qt.ItemDataRole.DisplayRole)

    # a box whose object moves: its picture on another frame, at the same place, looks different
    obj = next(t for t in tiles if t.frame > 5)
    crop = wait_for_crop(qtbot, view, obj).toImage()
    box = (obj.bbox.left, obj.bbox.top, obj.bbox.right, obj.bbox.bottom)
    own_frame, first_frame = (server_frame(live, demo, obj.image_id, f) for f in (obj.frame, 0))
    own = cut(own_frame, box, own_frame.width(), TILE)
    other = cut(first_frame, box, first_frame.width(), TILE)
    assert difference(crop, own) < 6, "the crop is the box on its own frame"
    assert difference(own, other) > 3 * max(difference(crop, own), 1), "frame 0 looks different there"
    colours = {crop.pixelColor(x, y).rgb() for x in range(0, crop.width(), 5) for y in range(0, crop.height(), 5)}
    assert len(colours) > 10, "not a blank tile"

    # every box on a frame shares the one frame fetched; another frame is fetched once
    fetched: list[tuple[int, int]] = []
    fetch = view.crops.stills.frame

    async def counted(video_id: int, frame: int):
        fetched.append((video_id, frame))
        return await fetch(video_id, frame)

    monkeypatch.setattr(view.crops.stills, "frame", counted)
    neighbour = replace(obj, figure_id=-1, bbox=BoundingBox(0, 0, 40, 30))
    listed = {t.frame for t in tiles if t.image_id == obj.image_id}
    earlier = replace(obj, figure_id=-2, frame=next(f for f in range(obj.frame) if f not in listed))
    for other_box in (neighbour, earlier, replace(earlier, figure_id=-3)):
        wait_for_crop(qtbot, view, other_box)
    ours = {(obj.image_id, obj.frame), (obj.image_id, earlier.frame)}  # (visible tiles load their own meanwhile)
    assert [f for f in fetched if f in ours] == [(obj.image_id, earlier.frame)]


def test_a_video_projects_missed_boxes_and_sort_by_iou(video_demo_state, qtbot):
    view = make_view(qtbot, video_demo_state)
    load_all(qtbot, view)
    view.kind.setCurrentIndex(view.kind.findData("tp"))
    view.sort.setCurrentIndex(view.sort.findText("IoU ↓"))
    matched = load_all(qtbot, view)
    assert matched and all(t.kind == "tp" and t.iou is not None for t in matched)
    ious = [t.iou for t in matched]
    assert ious == sorted(ious, reverse=True)
    view.kind.setCurrentIndex(view.kind.findData("fn"))
    missed = load_all(qtbot, view)
    assert missed and all(t.kind == "fn" and not t.class_title.endswith("_pred") for t in missed)
    title = missed[0].class_title
    view.classes.setCurrentIndex(view.classes.findText(title))
    narrowed = load_all(qtbot, view)
    assert narrowed and {t.class_title for t in narrowed} == {title}


def test_double_click_opens_the_video_at_the_boxs_frame_with_it_selected(qtbot, qloop, demo, video_demo, tmp_path):
    window = open_window(qtbot, demo, tmp_path / "home")
    try:
        window.open_project(video_demo)
        qtbot.waitUntil(lambda: window.browse.item_type == "videos" and window.browse.total, timeout=15000)
        window.objects_dock.toggleViewAction().trigger()
        view = window.objects_view
        tiles = load_all(qtbot, view)
        row = next(i for i, t in enumerate(tiles) if t.frame > 0)
        wanted = tiles[row]
        index = view.model.index(row)
        view.list.scrollTo(index)
        where = view.list.visualRect(index).center()
        QTest.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
        qtbot.waitUntil(lambda: window.viewer_opener.viewer is not None, timeout=5000)
        viewer = window.viewer_opener.viewer
        assert isinstance(viewer, VideoViewer)
        qtbot.waitUntil(
            lambda: viewer.current_id == wanted.image_id and viewer.scene.current_key is not None, timeout=15000
        )
        assert viewer.frame == wanted.frame and viewer.playback.slider.value() == wanted.frame
        qtbot.waitUntil(lambda: viewer.shown_frame == wanted.frame, timeout=10000)  # its picture too
        figure = viewer.editor.draft.figure(viewer.scene.current_key)
        assert figure.class_title == wanted.class_title
        b = wanted.bbox
        assert figure.edges == pytest.approx((b.left, b.top, b.right + 1, b.bottom + 1))  # wire pixels inclusive
        viewer.editor.discard()
    finally:
        if shiboken6.isValid(window):
            close_window(qtbot, qloop, window)


def test_a_point_cloud_project_says_it_is_not_evaluated(cloud_state, qtbot):
    view = make_view(qtbot, cloud_state)
    qtbot.waitUntil(lambda: view.counts.text() == NOT_EVALUATED, timeout=5000)
    assert "not evaluated" in view.counts.text() and "cuboids are not matched" in view.counts.text()
    assert view.model.rowCount() == 0 and not view.model.loading
    assert not view.triage_button.isEnabled()

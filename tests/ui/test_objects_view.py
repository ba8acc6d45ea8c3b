"""The objects view on the real demo server: its tiles are exactly the demo's
false-positive boxes (worked out here from the annotations with the matching
rule), highest confidence first, each with a crop of its box; another kind
and a class narrow it; double-click opens the item with that box selected."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.domain.evaluation.matching import Box, match_item
from desktop_app.domain.predictions import is_prediction_class
from desktop_app.qt.objects_model import ObjectRole
from desktop_app.ui.evaluation.objects_view import TILE, ObjectsView
from tests.e2e.window_driver import close_window, open_window
from tests.qt.video_fixtures import video_project, video_state  # noqa: F401 (fixtures)
from tests.ui.collection_helpers import run


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


def test_a_video_project_says_its_counts_are_in_the_table(video_state, qtbot):  # noqa: F811
    """A video's boxes sit on frames: no crops of its preview, a sentence instead."""
    view = make_view(qtbot, video_state)
    qtbot.waitUntil(lambda: "video's counts are in the table" in view.counts.text(), timeout=5000)
    assert view.model.rowCount() == 0 and not view.model.loading

"""The precision/recall dialog on the real demo server: the counts it shows
are evaluation.summary's bins at the slider's threshold, they move as the
slider moves (fewer false positives, more missed), and a class can be chosen."""

from __future__ import annotations

import pytest

from desktop_app.ui.evaluation.evaluation_dialog import EvaluationDialog
from tests.ui.collection_helpers import run


def open_dialog(qtbot, state) -> EvaluationDialog:
    dialog = EvaluationDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10000)
    return dialog


def by_hand(summary, threshold, class_title=None):
    tp = fp = gt = 0
    for c in summary.classes:
        if class_title is not None and c.class_title != class_title:
            continue
        gt += c.gt_count
        for b in c.bins:
            if b.low >= threshold - 1e-9:
                tp, fp = tp + b.tp, fp + b.fp
    return tp, fp, gt - tp


def test_the_slider_moves_the_counts(app_state, qloop, qtbot):
    dialog = open_dialog(qtbot, app_state)
    summary = run(qtbot, qloop, app_state.api.evaluation.summary(app_state.project.id))
    assert summary.classes and sum(c.predictions for c in summary.classes) > 0, "the demo has predictions"
    shown = []
    for step in (0, 10, 19):
        dialog.slider.setValue(step)
        point = dialog.current()
        tp, fp, missed = by_hand(summary, step / 20)
        assert (point.tp, point.fp) == (tp, fp)
        assert f"<b>{tp:,}</b> true positives · <b>{fp:,}</b> false positives · <b>{missed:,}</b> missed" in (
            dialog.counts.text()
        )
        assert dialog.threshold_label.text() == f"{step / 20:.2f}"
        shown.append((tp + fp, missed))
    kept = [k for k, _ in shown]
    assert kept == sorted(kept, reverse=True) and kept[0] > kept[-1]  # a higher threshold keeps fewer
    assert [m for _, m in shown] == sorted(m for _, m in shown)  # and misses more
    assert dialog.plot.marker is not None and dialog.plot.points


def test_one_class_at_a_time(app_state, qloop, qtbot):
    dialog = open_dialog(qtbot, app_state)
    title = dialog.summary.classes[0].class_title
    dialog.classes.setCurrentText(title)
    dialog.slider.setValue(0)
    tp, fp, _missed = by_hand(dialog.summary, 0.0, title)
    assert (dialog.current().tp, dialog.current().fp) == (tp, fp)
    everything = by_hand(dialog.summary, 0.0)
    assert everything[0] + everything[1] >= tp + fp
    if dialog.current().precision is not None:
        assert dialog.current().precision == pytest.approx(tp / (tp + fp))

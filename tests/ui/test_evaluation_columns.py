"""Evaluation in the browse views, on the real demo server (its predictions
are evaluated when it is built): the Evaluation chip filters the list to the
items the server counts false positives on, the FP / TP / Missed columns show
the server's counts, a header click sorts by FP on the server, and Project →
Evaluation settings… changes the threshold (the server recomputes)."""

from __future__ import annotations

import os
import time

from desktop_app.api.evaluation import evaluation_filter
from desktop_app.domain.filters import EvaluationFilter
from desktop_app.domain.services import evaluation as evaluation_service
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.server.evaluation import background
from desktop_app.ui.browse.sort_bar import SortBar
from desktop_app.ui.browse.table_view import EVALUATION_COLUMNS, ItemTableView
from desktop_app.ui.evaluation.evaluation_actions import EvaluationActions
from desktop_app.ui.evaluation.settings_dialog import EvaluationSettingsDialog
from tests.qt.browse_helpers import model_ids, qt_owned, run, wait_rows_loaded  # noqa: F401
from tests.qt.video_fixtures import video_project, video_state  # noqa: F401 (fixtures)
from tests.ui.filter_helpers import panel  # noqa: F401 (fixture)
from tests.ui.test_table import make_table

FP, TP, MISSED = EVALUATION_COLUMNS
SHOTS = os.environ.get("EVAL_SHOTS")  # a folder: save screenshots of these screens there


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"e13_{name}.png"))


def api_ids(qloop, qtbot, state, **body) -> list[int]:
    return [i.id for i in run(qloop, qtbot, state.api.images.list(project_id=state.project.id, **body))]


def all_rows(qtbot, controller: BrowseController) -> list[int]:
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    return model_ids(controller)


def test_the_chip_filters_to_the_servers_false_positives(app_state, panel, qtbot, qloop, qt_owned):  # noqa: F811
    table = make_table(qtbot, app_state, qt_owned, per_page=25)
    everything = table.controller.total
    with_fp = api_ids(qloop, qtbot, app_state, filters=[evaluation_filter("fp", 1)])
    assert 0 < len(with_fp) < everything  # the demo has some false positives, not everywhere

    panel.evaluation.kind.setCurrentIndex(1)  # "False positives", at least 1
    qtbot.waitUntil(lambda: app_state.session.filter.evaluation == EvaluationFilter("fp", 1), timeout=3000)
    assert panel.chips.chip("evaluation").check.text() == "false positives ≥ 1"
    qtbot.waitUntil(lambda: table.controller.total == len(with_fp), timeout=10000)
    assert sorted(all_rows(qtbot, table.controller)) == sorted(with_fp)
    panel.scroll_area.ensureWidgetVisible(panel.evaluation)
    shot(panel, "filter_panel")

    # one class only: the chip names it, the list follows the server
    car = app_state.meta.class_by_title("car").id
    index = panel.evaluation.cls.findData(car)
    panel.evaluation.cls.setCurrentIndex(index)
    car_fp = api_ids(qloop, qtbot, app_state, filters=[evaluation_filter("fp", 1, class_id=car)])
    qtbot.waitUntil(lambda: table.controller.total == len(car_fp), timeout=10000)
    assert panel.chips.chip("evaluation").check.text() == "false positives of car ≥ 1"

    panel.chips.chip("evaluation").remove.click()
    qtbot.waitUntil(lambda: table.controller.total == everything, timeout=10000)
    assert panel.evaluation.kind.currentIndex() == 0


def test_columns_show_the_counts_and_sort_by_fp_on_the_server(app_state, qtbot, qloop, qt_owned):  # noqa: F811
    table = make_table(qtbot, app_state, qt_owned, per_page=25)
    controller = table.controller
    records = {
        i.id: i.evaluation
        for i in run(
            qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id, extra_fields=["evaluation"])
        )
    }
    ids = all_rows(qtbot, controller)
    model = controller.model
    for row, item_id in enumerate(ids[:25]):
        counts = records[item_id]
        shown = [model.index(row, c).data() for c in (FP, TP, MISSED)]
        assert shown == [str(counts.fp), str(counts.tp), str(counts.fn)]
    assert not any(table.isColumnHidden(c) for c in EVALUATION_COLUMNS)

    bar = SortBar(controller)
    qtbot.addWidget(bar)
    qt_owned(bar)
    assert [bar.field.itemText(i) for i in range(bar.field.count())][-3:] == ["FP", "TP", "Missed"]
    assert controller.sort_by(FP, True)
    by_fp = api_ids(qloop, qtbot, app_state, sort="fpCount", sort_order="desc")
    qtbot.waitUntil(lambda: table.horizontalHeader().sortIndicatorSection() == FP, timeout=3000)
    assert all_rows(qtbot, controller) == by_fp
    first = records[by_fp[0]].fp
    assert first == max(c.fp for c in records.values()) and first >= 1
    assert model.index(0, FP).data() == str(first)
    table.scrollToTop()
    shot(table, "table_sorted_by_fp")


def settings_actions(app_state, qtbot, qt_owned) -> tuple[EvaluationActions, list[int]]:
    """Project ▸ Evaluation settings… on a table of the project, and the list reloads it asks for."""
    window = ItemTableView(BrowseController(app_state))
    qtbot.addWidget(window)
    qt_owned(window)
    actions = EvaluationActions(app_state, window, lambda: None)
    reloads: list[int] = []
    actions._reload_list = lambda: reloads.append(1)
    return actions, reloads


def test_evaluation_settings_dialog_changes_the_threshold(app_state, qtbot, qloop, qt_owned):  # noqa: F811
    actions, reloads = settings_actions(app_state, qtbot, qt_owned)
    actions.settings_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, EvaluationSettingsDialog), timeout=10000)
    dialog = actions.dialog
    assert dialog.spin.value() == 0.5 and dialog.spin.minimum() == 0.05 and dialog.spin.maximum() == 1.0
    shot(dialog, "settings_dialog")
    before = run(qloop, qtbot, app_state.api.evaluation.summary(app_state.project.id))
    tp_before = sum(b.tp for c in before.classes for b in c.bins)
    dialog.spin.setValue(0.95)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: reloads == [1], timeout=20000)
    after = run(qloop, qtbot, app_state.api.evaluation.summary(app_state.project.id))
    assert after.iou_threshold == 0.95
    assert sum(b.tp for c in after.classes for b in c.bins) < tp_before  # stricter: fewer matches


def test_a_big_projects_new_threshold_shows_the_servers_progress_then_reloads(
    app_state, qtbot, qloop, qt_owned, monkeypatch
):  # noqa: F811
    """Above the server's sync limit the recompute runs in the background: the status bar follows
    its progress to the end, then the list is read again with the new counts."""
    monkeypatch.setattr(background, "SYNC_LIMIT", 5)  # the demo server runs in this process
    monkeypatch.setattr(background, "BATCH", 2)
    real_batch = background.evaluate_batch

    def steady_batch(*args, **kwargs):  # the real work, at a pace a 20 ms poll can follow
        time.sleep(0.01)
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(background, "evaluate_batch", steady_batch)
    monkeypatch.setattr(evaluation_service, "POLL", 0.02)
    actions, reloads = settings_actions(app_state, qtbot, qt_owned)
    seen: list[tuple[int, int]] = []
    app_state.tasks.busyChanged.connect(
        lambda label, done, total: label.startswith("Recomputing") and seen.append((done, total))
    )
    actions._apply(run(qloop, qtbot, app_state.api.evaluation.settings(app_state.project.id)), 0.9)
    qtbot.waitUntil(lambda: reloads == [1], timeout=20000)
    assert any(0 < done < total for done, total in seen)  # the server's own progress, mid-way
    after = run(qloop, qtbot, app_state.api.evaluation.settings(app_state.project.id))
    assert after.iou_threshold == 0.9 and not after.recompute.running
    assert after.recompute.done == after.recompute.total == app_state.project.items_count


def test_the_preset_sets_the_evaluation_chip(app_state, panel, qtbot):  # noqa: F811
    panel.presets.evaluated_action.trigger()
    qtbot.waitUntil(lambda: app_state.session.filter.evaluation == EvaluationFilter("fp", 1), timeout=3000)
    assert panel.evaluation.kind.currentIndex() == 1 and panel.chips.chip("evaluation") is not None


def test_a_video_projects_table_shows_its_frame_summed_counts_and_sorts_by_them(video_state, qtbot, qloop, qt_owned):  # noqa: F811
    """Videos are evaluated frame by frame; the table shows their summed counts and sorts by them."""
    state = video_state
    run(qloop, qtbot, state.api.evaluation.update_settings(state.project.id, 0.5))  # the fixture wrote rows directly
    listed = run(qloop, qtbot, state.api.videos.list(project_id=state.project.id, extra_fields=["evaluation"]))
    counts = {v.id: v.evaluation for v in listed}
    assert any(c.tp > 0 for c in counts.values()) and any(c.fn > 0 for c in counts.values())
    table = make_table(qtbot, state, qt_owned, per_page=25)
    controller = table.controller
    assert not any(table.isColumnHidden(c) for c in EVALUATION_COLUMNS)
    ids = all_rows(qtbot, controller)
    for row, item_id in enumerate(ids):
        shown = [controller.model.index(row, c).data() for c in (FP, TP, MISSED)]
        assert shown == [str(counts[item_id].fp), str(counts[item_id].tp), str(counts[item_id].fn)]
    assert controller.sort_by(MISSED, True)
    qtbot.waitUntil(lambda: table.horizontalHeader().sortIndicatorSection() == MISSED, timeout=3000)
    by_missed = [counts[i].fn for i in all_rows(qtbot, controller)]
    assert by_missed == sorted(by_missed, reverse=True) and by_missed[0] > by_missed[-1]

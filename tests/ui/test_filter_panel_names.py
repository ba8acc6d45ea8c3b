"""Long class and dataset names in the filter panel: shortened to fit, never
cut off, and the whole name is in the row's tooltip."""

from __future__ import annotations

from desktop_app.qt.filter_options import Choice

from .filter_helpers import panel  # noqa: F401 (fixture)

LONG = "pedestrian_partially_occluded_by_parked_vehicle_pred"


def test_long_class_and_dataset_names_fit_and_keep_their_text_in_a_tooltip(panel, qtbot):  # noqa: F811
    panel.resize(290, 800)
    panel.classes.set_choices([Choice(1, LONG, "#ff0000"), Choice(2, "car", "#00ff00")])
    panel.datasets.set_choices([Choice(11, LONG), Choice(12, "city-day")])
    qtbot.wait(20)
    viewport = panel.scroll_area.viewport()
    right = viewport.mapToGlobal(viewport.rect().topRight()).x()

    name = panel.classes._rows[1].name
    assert name.toolTip() == LONG
    toggle = panel.classes.toggle(1)
    assert toggle.mapToGlobal(toggle.rect().topRight()).x() <= right  # the toggle is not pushed out

    box = panel.datasets.box(11)
    assert box.toolTip() == LONG
    assert box.mapToGlobal(box.rect().topLeft()).x() + box.sizeHint().width() <= right  # its text is not cut
    short = panel.datasets.box(12)
    assert short.text() == "city-day" and short.toolTip() == "city-day"

"""A box drawn with the mouse in the editor and saved comes back from the
official SDK (its own venv, over HTTP) where it was drawn: pixels 10..109
drawn edge to edge (10 to 110, right exclusive) are left=10, right=109."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.qt.app_fixtures import app_state, demo  # noqa: F401
from tests.qt.browse_helpers import qt_owned, wait_rows_loaded  # noqa: F401
from tests.qt.qasync_fixture import qloop  # noqa: F401
from tests.sdk.test_sdk_compat import run_script
from tests.ui.viewer_helpers import CTRL, drag, make_viewer, open_row, zoom_on

pytestmark = pytest.mark.sdk


def test_a_drawn_box_reads_back_through_the_sdk_with_inclusive_pixels(
    app_state, qloop, qtbot, qt_owned, demo, sdk_python
):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    controller = viewer.sequence.controller
    rows = list(range(controller.total))
    wait_rows_loaded(qtbot, controller, rows)
    row = next(r for r in rows if controller.model.item_at(r).labels_count == 0)
    image_id = open_row(qtbot, viewer, row)
    zoom_on(qtbot, viewer, 60, 70)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, (10, 20), (110, 120))  # edges 10..110 and 20..120: pixels 10..109, 20..119
    qtbot.keyClick(viewer, Qt.Key.Key_2)  # person
    viewer.editor.image_tags.choose("weather", "rain")
    viewer.editor.image_tags.add_button.click()
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    editor = viewer.editor
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "saved" and not editor.dirty, timeout=10000)

    result = run_script(
        sdk_python,
        "annotation_bbox_script.py",
        demo.url,
        demo.token,
        IMAGE_ID=image_id,
        PROJECT_ID=demo.summary.project_id,
    )
    assert result["labels"] == [{"class": "person", "left": 10, "top": 20, "right": 109, "bottom": 119, "tags": []}]
    assert result["image_tags"] == [["weather", "rain"]]
    assert result["dataset_id"] == controller.model.item_at(row).dataset_id

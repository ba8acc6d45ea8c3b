"""Helpers for the item viewer and box editor tests: open a viewer on the
BrowseController's list, wait for an item, drive the image view with real
mouse events at scene (image pixel) positions, and read the server's truth."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.ui.viewer.item_viewer import ItemViewer
from tests.qt.browse_helpers import run

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def make_viewer(qtbot, state, owned, controller: BrowseController | None = None, **kwargs) -> ItemViewer:
    if controller is None:
        controller = BrowseController(state, **kwargs)
        owned(controller)
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    viewer = ItemViewer(state, BrowseSequence(controller))
    qtbot.addWidget(viewer)
    owned(viewer)
    viewer.resize(1200, 820)
    with qtbot.waitActive(viewer):  # window shortcuts need the active window
        viewer.show()
        viewer.activateWindow()
    return viewer


def wait_shown(qtbot, viewer: ItemViewer, item_id: int | None = None) -> None:
    def ready() -> bool:
        return (
            not viewer.loading
            and viewer.editor.draft is not None
            and not viewer.scope.running("load")
            and (item_id is None or viewer.current_id == item_id)
        )

    qtbot.waitUntil(ready, timeout=10000)


def open_row(qtbot, viewer: ItemViewer, row: int) -> int:
    viewer.open_index(row)
    qtbot.waitUntil(lambda: not viewer.scope.running("load") and viewer.editor.draft is not None, timeout=10000)
    return viewer.current_id


def view_point(viewer: ItemViewer, x: float, y: float):
    return viewer.view.mapFromScene(QPointF(x, y))


def zoom_on(qtbot, viewer: ItemViewer, x: float, y: float, zoom: float = 2.0) -> None:
    """An exact zoom (a view pixel is half an image pixel) centered on a point."""
    viewer.view.set_zoom(zoom)
    viewer.view.centerOn(QPointF(x, y))
    qtbot.waitUntil(lambda: viewer.view.viewport().rect().contains(view_point(viewer, x, y)), timeout=2000)


def drag(viewer: ItemViewer, start: tuple[float, float], end: tuple[float, float], steps: int = 4) -> None:
    """Press at an image position, move in steps, release at another: real mouse events."""
    viewport = viewer.view.viewport()
    a, b = view_point(viewer, *start), view_point(viewer, *end)
    QTest.mousePress(viewport, LEFT, NO_MOD, a)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        QTest.mouseMove(viewport, p)
    QTest.mouseRelease(viewport, LEFT, NO_MOD, b)


def click_at(viewer: ItemViewer, x: float, y: float) -> None:
    QTest.mouseClick(viewer.view.viewport(), LEFT, NO_MOD, view_point(viewer, x, y))


def server_annotation(qloop, qtbot, state, image_id: int):
    return run(qloop, qtbot, state.api.annotations.info(image_id))


def boxes(annotation) -> list[tuple[str, tuple]]:
    """(class, edges) of every figure, sorted: what the server holds."""
    return sorted((f.class_title, tuple(f.edges())) for f in annotation.objects)


def draft_boxes(viewer: ItemViewer) -> list[tuple[str, tuple]]:
    return sorted((f.class_title, tuple(f.edges)) for f in viewer.editor.draft.figures)

"""The gallery on the real demo server: thumbnails are fetched once and then
painted from the cache, the screen below is fetched ahead, annotation boxes
change what is painted, dragging carries the selection, and a long list costs
only a few data() calls."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.qt import image_decoding
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.item_mime import decode_items
from desktop_app.ui.browse import item_view_behaviour
from desktop_app.ui.browse.gallery_view import GalleryView
from tests.qt.browse_helpers import BIG_DEMO, big_state, count_data_calls, qt_owned, run  # noqa: F401


def make_gallery(qtbot, state, owned, size=(700, 500), **kwargs) -> GalleryView:
    """A shown gallery whose first page is in and laid out (the scroll bar is there)."""
    controller = BrowseController(state, **kwargs)
    owned(controller)
    gallery = GalleryView(controller)
    qtbot.addWidget(gallery)
    owned(gallery)
    gallery.resize(*size)
    gallery.show()
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    if controller.total > 12:
        qtbot.waitUntil(lambda: gallery.verticalScrollBar().maximum() > 0, timeout=10000)
    return gallery


def recording_drag(gallery: GalleryView, dragged: list[QMimeData]) -> type:
    """Stands in for QDrag: QDrag.exec would start a real, blocking drag-and-drop loop."""

    class RecordingDrag:
        def __init__(self, source):
            assert source is gallery

        def setMimeData(self, mime):  # noqa: N802
            dragged.append(mime)

        def exec(self, action):
            return action

    return RecordingDrag


def count_previews(monkeypatch, state, answers: list | None = None) -> list[str]:
    """Record every preview GET the api's connection makes (and, in `answers`, whether
    it came back with bytes, or None: a 304)."""
    urls: list[str] = []
    real = state.api.connection.get_file

    async def counting(url: str, etag: str | None = None):
        urls.append(url)
        data, etag = await real(url, etag)
        if answers is not None:
            answers.append(data if data is None else len(data))
        return data, etag

    monkeypatch.setattr(state.api.connection, "get_file", counting)
    return urls


def thumbs_ready(gallery: GalleryView, rows) -> bool:
    model = gallery.controller.model
    preview = gallery._delegate.preview
    return all(
        (item := model.item_at(r)) is not None and gallery.loader.cache.get((item.id, preview)) is not None
        for r in rows
    )


def test_thumbnails_arrive_once_and_are_painted_from_the_cache(app_state, qtbot, qt_owned, monkeypatch):
    urls = count_previews(monkeypatch, app_state)
    gallery = make_gallery(qtbot, app_state, qt_owned)
    visible = gallery.visible_rows()
    qtbot.waitUntil(lambda: thumbs_ready(gallery, visible) and gallery.loader.pending == 0, timeout=10000)
    first = gallery.controller.model.item_at(0)
    assert first.preview_url(gallery._delegate.preview) in urls
    assert len(set(urls)) == len(urls), "a preview was fetched twice"
    cell = gallery.visualRect(gallery.model().index(0, 0))
    center = gallery.viewport().grab(cell).toImage().pixelColor(cell.width() // 2, cell.height() // 3)
    placeholder = gallery.palette().midlight().color()
    assert center != placeholder  # an image, not the grey placeholder
    before = len(urls)
    gallery.viewport().repaint()
    gallery.grab()
    qtbot.waitUntil(lambda: gallery.loader.pending == 0, timeout=5000)  # a fetch painting asked for is done
    assert len(urls) == before, "painting again must not fetch again"


def test_a_refused_thumbnail_url_is_not_retried_but_a_fresh_one_is(app_state, qtbot, qt_owned):
    """Preview URLs are signed and expire: a stale one (403) fails once; the
    fresh URL of the item listed again loads."""
    gallery = make_gallery(qtbot, app_state, qt_owned)
    loader, item = gallery.loader, gallery.controller.model.item_at(0)
    # the gallery's own tiles are in (not just not queued yet)
    qtbot.waitUntil(lambda: thumbs_ready(gallery, gallery.visible_rows()) and loader.pending == 0, timeout=10000)
    fresh = item.preview_url(48)
    assert fresh and "/plain/storage/s/" in fresh
    expires, sig = fresh.split("/plain/storage/s/")[1].split("/")[:2]
    stale = fresh.replace(f"/{expires}/{sig}/", f"/{int(expires) - 3 * 86400}/{sig}/")
    with qtbot.waitSignal(loader.thumbnailFailed, timeout=10000):
        assert loader.pixmap(item.id, 48, stale) is None
    assert loader.pixmap(item.id, 48, stale) is None and loader.pending == 0  # not asked again
    assert loader.pixmap(item.id, 48, fresh) is None  # queued: a different URL
    qtbot.waitUntil(lambda: loader.pixmap(item.id, 48, fresh) is not None, timeout=10000)


def test_the_next_screen_is_fetched_ahead_and_far_rows_are_not(big_state, qtbot, qt_owned, monkeypatch):
    urls = count_previews(monkeypatch, big_state)
    gallery = make_gallery(qtbot, big_state, qt_owned, per_page=100)
    qtbot.waitUntil(lambda: gallery.controller.total == BIG_DEMO, timeout=10000)
    visible = gallery.visible_rows()
    ahead = range(visible.stop, visible.stop + len(visible))
    qtbot.waitUntil(lambda: thumbs_ready(gallery, ahead), timeout=10000)
    assert len(urls) <= 2 * len(visible) + len(visible) // 2  # the screen and the next, not the list
    model = gallery.controller.model
    assert model.item_at(BIG_DEMO - 1) is None  # pages far below were never asked for

    gallery.scrollTo(model.index(2000, 0))
    qtbot.waitUntil(
        lambda: 2000 in gallery.visible_rows() and thumbs_ready(gallery, gallery.visible_rows()), timeout=10000
    )
    assert model.item_at(1000) is None and model.item_at(BIG_DEMO - 1) is None


def test_boxes_change_the_painted_thumbnails(app_state, qtbot, qt_owned):
    gallery = make_gallery(qtbot, app_state, qt_owned)
    visible = gallery.visible_rows()
    qtbot.waitUntil(lambda: thumbs_ready(gallery, visible), timeout=10000)
    plain = gallery.viewport().grab().toImage()

    gallery.set_show_boxes(True)
    model = gallery.controller.model
    annotated = [r for r in visible if model.item_at(r).labels_count > 0]
    assert annotated
    qtbot.waitUntil(lambda: all(gallery.overlay.boxes(model.item_at(r)) for r in annotated), timeout=10000)
    assert gallery.overlay.request_count <= 4  # batched per dataset, not one request per item
    boxed = gallery.viewport().grab().toImage()
    assert _differing_pixels(plain, boxed) > 500

    # a box is drawn in its class color: find one ground-truth box and look at its left edge
    row = annotated[0]
    box = next(b for b in gallery.overlay.boxes(model.item_at(row)) if not b.predicted)
    color = app_state.meta.class_by_id(box.class_id).color.lower()
    assert _has_color_near(boxed, gallery, row, box, color)

    gallery.set_show_boxes(False)
    assert _differing_pixels(plain, gallery.viewport().grab().toImage()) == 0


def _differing_pixels(a: QImage, b: QImage) -> int:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    assert a.size() == b.size()
    return sum(1 for y in range(0, a.height(), 2) for x in range(0, a.width(), 2) if a.pixel(x, y) != b.pixel(x, y))


def _has_color_near(image: QImage, gallery: GalleryView, row: int, box, color: str) -> bool:
    """Whether the left edge of `box`, halfway down, is painted in `color` (give or take)."""
    item = gallery.controller.model.item_at(row)
    target = gallery._delegate.image_rect(gallery.visualRect(gallery.model().index(row, 0)), item)
    x = round(target.x() + box.left * target.width())
    y = round(target.y() + (box.top + box.bottom) / 2 * target.height())
    want = int(color.lstrip("#"), 16)
    for dx in range(-2, 3):
        rgb = image.pixel(QPoint(x + dx, y)) & 0xFFFFFF
        if all(abs(((rgb >> s) & 255) - ((want >> s) & 255)) < 40 for s in (0, 8, 16)):
            return True
    return False


def test_drag_carries_the_selected_ids_or_all_matching(app_state, qtbot, qloop, qt_owned, monkeypatch):
    gallery = make_gallery(qtbot, app_state, qt_owned)
    controller = gallery.controller
    qtbot.waitUntil(lambda: controller.model.item_at(5) is not None, timeout=10000)
    dragged: list[QMimeData] = []
    monkeypatch.setattr(item_view_behaviour, "QDrag", recording_drag(gallery, dragged))  # the views drag through it
    controller.select_rows([1, 5])
    gallery.startDrag(Qt.DropAction.CopyAction)
    payload = decode_items(dragged[-1])
    ids = [controller.model.item_at(r).id for r in (1, 5)]
    assert payload is not None and payload.project_id == app_state.project.id
    assert list(payload.ids) == ids and not payload.all_matching

    controller.select_all_matching()
    gallery.startDrag(Qt.DropAction.CopyAction)
    payload = decode_items(dragged[-1])
    assert payload.all_matching and payload.ids == ()
    everything = run(qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id))
    assert run(qloop, qtbot, controller.matching_ids()) == [i.id for i in everything]


def test_a_long_list_costs_few_data_calls(big_state, qtbot, qt_owned, monkeypatch):
    calls = count_data_calls(monkeypatch)
    gallery = make_gallery(qtbot, big_state, qt_owned, size=(900, 700))
    qtbot.waitUntil(lambda: gallery.controller.total == BIG_DEMO, timeout=10000)
    visible = gallery.visible_rows()
    qtbot.waitUntil(lambda: thumbs_ready(gallery, visible), timeout=10000)
    qtbot.wait(200)  # a fixed wait on purpose: the repaints that follow count too (a longer wait is stricter)
    # a few per visible cell (page arrival, thumbnails arriving), never one per row
    assert calls[0] < 20 * len(visible) < BIG_DEMO


def tile_centre(gallery: GalleryView, row: int) -> QPoint:
    return gallery.visualRect(gallery.model().index(row, 0)).center()


def press_drag_release(gallery: GalleryView, start: QPoint, end: QPoint) -> None:
    """A left press, a move in steps (past the drag distance) and a release, as a hand does."""
    viewport = gallery.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 6
    for i in range(1, steps + 1):
        point = start + (end - start) * i / steps
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(point),
            QPointF(viewport.mapToGlobal(point)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, move)  # QTest.mouseMove sends no buttons
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_press_and_drag_from_an_unselected_tile_selects_by_rubber_band(app_state, qtbot, qt_owned, monkeypatch):
    gallery = make_gallery(qtbot, app_state, qt_owned)
    controller = gallery.controller
    dragged: list[QMimeData] = []
    monkeypatch.setattr(item_view_behaviour, "QDrag", recording_drag(gallery, dragged))
    columns = (gallery.viewport().width() - 1) // gallery.gridSize().width()
    assert columns >= 3
    # from tile 0 to tile (1, 2): the band covers two lines of three tiles
    press_drag_release(gallery, tile_centre(gallery, 0), tile_centre(gallery, columns + 2))
    assert dragged == []
    assert sorted(r for first, last in controller.selected_spans() for r in range(first, last + 1)) == [
        0,
        1,
        2,
        columns,
        columns + 1,
        columns + 2,
    ]


def test_a_drag_starts_from_a_selected_tile_and_carries_the_selection(app_state, qtbot, qt_owned, monkeypatch):
    gallery = make_gallery(qtbot, app_state, qt_owned)
    controller = gallery.controller
    dragged: list[QMimeData] = []
    monkeypatch.setattr(item_view_behaviour, "QDrag", recording_drag(gallery, dragged))
    controller.select_rows([1, 2])
    press_drag_release(gallery, tile_centre(gallery, 2), tile_centre(gallery, 2) + QPoint(0, 120))
    payload = decode_items(dragged[-1])
    assert list(payload.ids) == [controller.model.item_at(r).id for r in (1, 2)]


def test_a_second_session_paints_thumbnails_from_the_disk_without_asking(
    app_state, demo, qloop, qtbot, qt_owned, monkeypatch, tmp_path
):
    first = make_gallery(qtbot, app_state, qt_owned)
    visible = first.visible_rows()
    qtbot.waitUntil(lambda: thumbs_ready(first, visible) and first.loader.pending == 0, timeout=10000)

    again = AppState(ApiClient(demo.url, demo.token), tmp_path / "outbox-2.sqlite", cache_dir=app_state.cache_dir)
    again.start()
    run(qloop, qtbot, again.open_project(demo.summary.project_id))
    try:
        answers: list = []
        urls = count_previews(monkeypatch, again, answers)
        second = make_gallery(qtbot, again, qt_owned)
        qtbot.waitUntil(lambda: thumbs_ready(second, visible) and second.loader.pending == 0, timeout=10000)
        assert urls == [], "a preview on disk was fetched again"

        second.forget_cached()  # F5: each is checked with the server once, and costs a 304
        second.prefetch()
        qtbot.waitUntil(lambda: thumbs_ready(second, visible) and second.loader.pending == 0, timeout=10000)
        assert len(urls) >= len(visible) and answers == [None] * len(answers)
    finally:
        run(qloop, qtbot, again.close())


def test_thumbnails_are_decoded_off_the_gui_thread(app_state, qtbot, qt_owned, monkeypatch):
    threads = []
    real = image_decoding.decode_image

    def recording(data: bytes):
        threads.append(threading.current_thread())
        return real(data)

    monkeypatch.setattr(image_decoding, "decode_image", recording)
    gallery = make_gallery(qtbot, app_state, qt_owned)
    qtbot.waitUntil(lambda: thumbs_ready(gallery, gallery.visible_rows()) and len(threads) > 0, timeout=10000)
    assert threading.main_thread() not in threads

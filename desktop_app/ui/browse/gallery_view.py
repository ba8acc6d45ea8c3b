"""The gallery: a virtualized grid of thumbnails over the BrowseController's
model and selection.

Fast at a million rows because every cell has the same size (fixed grid,
uniform item sizes: Qt asks one row for its size, not all), the layout runs
in batches (the first screen paints at once), and the delegate only looks
things up. Thumbnails are server-resized previews fetched through the api's
one http client and kept on disk between sessions; a screen ahead is requested before it is scrolled to, and
requests for cells that scrolled away are dropped."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop_app.qt.annotation_overlay import AnnotationOverlay
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.thumbnails import ThumbnailLoader
from desktop_app.ui.browse.item_view_behaviour import ItemViewBehaviour
from desktop_app.ui.browse.thumbnail_delegate import ThumbnailDelegate

MIN_THUMB, MAX_THUMB, DEFAULT_THUMB = 96, 320, 160
LAYOUT_BATCH = 1_000  # rows per step of the batched layout: short steps let thumbnails arrive between them
PREFETCH_DELAY_MS = 40
# Decoded thumbnails kept in memory (~600 at 192 px: 15 screens). 256 MB let a long scroll
# grow the app past 300 MB; one scrolled away and back comes from the disk cache.
THUMBNAIL_MEMORY = 64 * 1024 * 1024


class GalleryView(ItemViewBehaviour, QListView):  # Enter/double-click, Select All, drag
    activated = Signal(int)  # item id (double-click or Enter)

    def __init__(
        self, controller: BrowseController, parent: QWidget | None = None, *, thumbnail_size: int = DEFAULT_THUMB
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        state = controller.state
        self.previews = state.services.images.cached_previews(state.cache_dir)  # a second session fetches none
        self.loader = ThumbnailLoader(lambda _id, url: self.previews.bytes_at(url), self, max_bytes=THUMBNAIL_MEMORY)
        items = controller.state.services.items
        self.overlay = AnnotationOverlay(
            lambda dataset_id, ids: items.preview_annotations(controller.item_type, dataset_id, ids), self
        )
        self._delegate = ThumbnailDelegate(self.loader, self.overlay, self)
        self.setItemDelegate(self._delegate)

        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self.setSpacing(0)  # the gap is inside each cell
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # always there: a scroll bar coming and going would change the columns back and forth
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)  # same rows as the table
        self.setSelectionRectVisible(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setAcceptDrops(False)
        self.setModel(controller.model)
        self.setSelectionModel(controller.selection_model)
        self.setModelColumn(0)

        self._prefetch_timer = QTimer(self, singleShot=True, interval=PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self.prefetch)
        self._thumb = 0
        self.set_thumbnail_size(thumbnail_size)
        self.verticalScrollBar().valueChanged.connect(self._schedule_prefetch)
        model = controller.model
        model.modelReset.connect(self._schedule_prefetch)
        model.rowsInserted.connect(self._schedule_prefetch)
        model.pageLoaded.connect(self._schedule_prefetch)
        self.loader.thumbnailReady.connect(self._repaint_item)
        self.overlay.boxesReady.connect(self._repaint_items)
        controller.state.metaChanged.connect(self._on_meta)
        self._on_meta(controller.state.meta)

    # -- options ------------------------------------------------------------------
    @property
    def thumbnail_size(self) -> int:
        return self._thumb

    def set_thumbnail_size(self, px: int) -> None:
        px = max(MIN_THUMB, min(MAX_THUMB, int(px)))
        if px == self._thumb:
            return
        self._thumb = px
        self._delegate.configure(px, self.font(), self.devicePixelRatioF())
        self._fit_grid()
        self.viewport().update()
        self._schedule_prefetch()

    def _fit_grid(self) -> None:
        """Spread the columns over the whole width (the cells grow a little, never shrink)."""
        cell = self._delegate.cell
        width = self.viewport().width() - 1  # Qt wraps a line when a cell would touch the right edge
        columns = max(1, width // cell.width())
        grid = QSize(max(cell.width(), width // columns), cell.height())
        self._delegate.cell_width = grid.width()
        if grid != self.gridSize():
            self.setGridSize(grid)

    @property
    def show_boxes(self) -> bool:
        return self._delegate.show_boxes

    def set_show_boxes(self, on: bool) -> None:
        self._delegate.show_boxes = bool(on)
        self.viewport().update()
        self._schedule_prefetch()

    # -- what is on screen --------------------------------------------------------
    def visible_rows(self) -> range:
        """Rows of the cells on screen (whole lines, a line more at the bottom)."""
        rows = self.model().rowCount() if self.model() is not None else 0
        cell = self.gridSize()
        if rows == 0 or cell.width() <= 0 or cell.height() <= 0:
            return range(0)
        columns = max(1, (self.viewport().width() - 1) // cell.width())  # as Qt lays them out
        first_line = max(0, self.verticalOffset() // cell.height())
        lines = self.viewport().height() // cell.height() + 2
        first = min(rows, first_line * columns)
        return range(first, min(rows, first + lines * columns))

    def prefetch(self) -> None:
        """Ask for the pages and thumbnails of the screen and of one screen below it."""
        model = self.controller.model
        visible = self.visible_rows()
        if not visible:
            return
        ahead = range(visible.stop, min(model.rowCount(), visible.stop + len(visible)))
        for rows in (visible, ahead):
            for row in (rows.start, rows.stop - 1) if rows else ():
                model.ensure_loaded(row)
        wanted: list[int] = []
        # queued last = served first: the screen before what is below it
        for row in list(reversed(ahead)) + list(reversed(visible)):
            item = model.item_at(row)
            if item is None:
                continue
            wanted.append(item.id)
            if self.loader.cache.get((item.id, self._delegate.preview)) is None:
                self.loader.pixmap(item.id, self._delegate.preview, item.preview_url(self._delegate.preview))
            if self._delegate.show_boxes:
                self.overlay.boxes(item)
        self.loader.retain(wanted)
        self.overlay.retain(wanted)

    def _schedule_prefetch(self, *_: object) -> None:
        if not self._prefetch_timer.isActive():
            self._prefetch_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_grid()
        self._schedule_prefetch()

    def _repaint_item(self, item_id: int) -> None:
        row = self.controller.model.row_of(item_id)
        if row is not None:
            self.update(self.controller.model.index(row, 0))

    def _repaint_items(self, item_ids: list) -> None:
        if self._delegate.show_boxes:
            for item_id in item_ids:
                self._repaint_item(item_id)

    def forget_cached(self) -> None:
        """Drop every cached thumbnail and tile box, so they are fetched again
        (F5: a refresh must show what the server has now, not what was cached)."""
        self.loader.clear()
        self.previews.revalidate()  # the ones on disk are checked with the server (If-None-Match) once
        self.overlay.clear()
        self.viewport().update()

    def _on_meta(self, meta: object) -> None:
        classes = getattr(meta, "classes", ()) or ()
        self._delegate.set_class_colors({c.id: c.color for c in classes})
        self.overlay.clear()
        self.viewport().update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 600)

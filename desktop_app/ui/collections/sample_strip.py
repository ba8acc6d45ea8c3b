"""A row of thumbnails of a few items (a preview's sample), through the app's
thumbnail loader and preview disk cache, as the gallery draws them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop_app.api.records import Image
from desktop_app.qt.app_state import AppState
from desktop_app.qt.thumbnails import ThumbnailLoader

TILE = 64  # pixels on screen
PREVIEW = 128  # preview width asked of the server (one the gallery uses too, so cached)


class SampleStrip(QWidget):
    def __init__(self, state: AppState, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previews = state.services.images.cached_previews(state.cache_dir)
        self.loader = ThumbnailLoader(lambda _id, url: self.previews.bytes_at(url), self, max_bytes=8 * 1024 * 1024)
        self.loader.thumbnailReady.connect(self._ready)
        self.tiles: list[QLabel] = []
        self._shown: list[int] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for _ in range(count):
            tile = QLabel(self)
            tile.setFixedSize(TILE, TILE)
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setObjectName("sampleTile")
            tile.setStyleSheet("#sampleTile { border: 1px solid palette(mid); }")
            tile.hide()
            layout.addWidget(tile)
            self.tiles.append(tile)
        layout.addStretch(1)
        self.setFixedHeight(TILE + 2)

    @property
    def shown_ids(self) -> list[int]:
        return list(self._shown)

    def loaded_count(self) -> int:
        """Tiles showing their picture (tests wait for it)."""
        return sum(1 for t in self.tiles if t.isVisible() and not t.pixmap().isNull())

    def show_items(self, items: Sequence[Image]) -> None:
        self._shown = [item.id for item in items[: len(self.tiles)]]
        self.loader.retain(self._shown)
        for n, tile in enumerate(self.tiles):
            tile.clear()
            if n >= len(self._shown):
                tile.hide()
                continue
            item = items[n]
            tile.setToolTip(item.name)
            tile.show()
            pixmap = self.loader.pixmap(item.id, PREVIEW, item.preview_url(PREVIEW))
            if pixmap is not None:
                self._paint(tile, pixmap)
            else:
                tile.setText("…")

    def _ready(self, item_id: int) -> None:
        if item_id in self._shown:
            pixmap = self.loader.cache.get((item_id, PREVIEW))
            if pixmap is not None:
                self._paint(self.tiles[self._shown.index(item_id)], pixmap)

    def _paint(self, tile: QLabel, pixmap) -> None:
        tile.setPixmap(
            pixmap.scaled(TILE, TILE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )

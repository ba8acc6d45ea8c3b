"""What the gallery and the table do alike over the BrowseController's list:
Enter and double-click open an item (`activated(item_id)`), Select All means
every matching item, no type-ahead search, and a drag carries the selection.
A drag starts only from a selected item; a press-and-drag anywhere else
selects by rubber band, as in a file manager.

A mixin placed before the Qt view class: `class GalleryView(ItemViewBehaviour,
QListView)`. The view declares `activated = Signal(int)` itself (a signal
must live on the QObject class) and sets `self.controller`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDrag, QKeyEvent, QMouseEvent

from desktop_app.qt.item_model import ItemIdRole

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView

    from desktop_app.qt.browse_controller import BrowseController

    _ViewBase = QAbstractItemView  # for the type checker: the mixin's methods run on a Qt item view
else:
    _ViewBase = object


class ItemViewBehaviour(_ViewBase):
    controller: BrowseController

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Off: Qt would read every row's text to find a match, loading the whole list."""

    def selectAll(self) -> None:  # noqa: N802
        self.controller.select_all_matching()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._emit_activated(self.currentIndex()):
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        # In a full gallery every press lands on a tile: if each could start a drag, a rubber
        # band could never be drawn. So only a press on a selected item may drag it (the
        # selection) onto a collection; elsewhere Qt selects the rows the band touches.
        index = self.indexAt(event.position().toPoint())
        on_selected = index.isValid() and self.selectionModel().isSelected(index)
        self.setDragEnabled(on_selected and event.button() == Qt.MouseButton.LeftButton)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseDoubleClickEvent(event)
        self._emit_activated(self.indexAt(event.position().toPoint()))

    def _emit_activated(self, index: QModelIndex) -> bool:
        item_id = index.data(ItemIdRole) if index.isValid() else None
        if item_id is None:
            return False
        self.activated.emit(int(item_id))
        return True

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        mime = self.controller.drag_mime()
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)

"""The objects view's list: `evaluation.objects.list` page by page (Qt's
canFetchMore/fetchMore: the next page is asked for when the view scrolls near
the end), so a project with a million boxes costs one page at start. A new
query (kind, class, sort) bumps a generation number; pages of an older one
are dropped when they arrive."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from desktop_app.api.evaluation import EvaluatedObject
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.object_crops import ObjectCrops
from desktop_app.qt.tasks import TaskScope

log = logging.getLogger(__name__)
ObjectRole = Qt.ItemDataRole.UserRole + 1
PER_PAGE = 60
KIND_WORDS = {"fp": "false positive", "tp": "true positive", "fn": "missed"}


@dataclass(frozen=True)
class ObjectsQuery:
    kind: str = "fp"
    class_id: int | None = None  # the labelled class ("dog"), None: every class
    sort: str = "confidence"
    sort_order: str = "desc"


def tile_text(obj: EvaluatedObject) -> str:
    confidence = f" {obj.confidence:.2f}" if obj.confidence is not None and obj.kind != "fn" else ""
    where = f"{obj.image_name} · frame {obj.frame + 1}" if obj.frame is not None else obj.image_name
    return f"{obj.class_title}{confidence}\n{where}"  # frames counted from 1, as the video viewer shows them


class ObjectsModel(QAbstractListModel):
    loaded = Signal()  # a page arrived (the total is known after the first)
    loadFailed = Signal(str)

    def __init__(self, state: AppState, crops: ObjectCrops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.crops = crops
        self.query = ObjectsQuery()
        self.objects: list[EvaluatedObject] = []
        self.total: int | None = None
        self.generation = 0
        self._next_page = 1
        self._loading = False
        self._scope = TaskScope(self)
        crops.cropReady.connect(self._crop_ready)
        self._rows: dict[int, int] = {}  # figure id -> row

    def set_query(self, query: ObjectsQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.clear()
        self._fetch_page()

    def clear(self) -> None:
        """Nothing listed (another project); a page still on its way is dropped."""
        self.beginResetModel()
        self.generation += 1
        self.objects, self._rows, self.total = [], {}, None
        self._next_page, self._loading = 1, False
        self.endResetModel()

    @property
    def loading(self) -> bool:
        return self._loading

    # -- Qt's model -------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.objects)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.objects):
            return None
        obj = self.objects[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return tile_text(obj)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.crops.pixmap(obj)
        if role == Qt.ItemDataRole.ToolTipRole:
            iou = f", IoU {obj.iou:.2f}" if obj.iou is not None else ""
            return f"{obj.class_title}: {KIND_WORDS.get(obj.kind, obj.kind)}{iou} in {obj.image_name}"
        if role == ObjectRole:
            return obj
        return None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.total is not None and len(self.objects) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if not parent.isValid():
            self._fetch_page()

    # -- loading ----------------------------------------------------------------
    def _fetch_page(self) -> None:
        project = self.state.project
        if self._loading or project is None:
            return
        self._loading = True
        self._scope.start(self._load(project.id, self.generation, self._next_page), key="page")

    async def _load(self, project_id: int, generation: int, number: int) -> None:
        q = self.query
        try:
            page = await self.state.services.evaluation.objects(
                project_id,
                q.kind,
                class_id=q.class_id,
                sort=q.sort,
                sort_order=q.sort_order,
                page=number,
                per_page=PER_PAGE,
            )
        except Exception as exc:  # said above the tiles; a new query tries again
            if generation == self.generation:
                self._loading = False
                log.info("objects page %s failed: %s", number, exc)
                self.loadFailed.emit(plain_error(exc))
            return
        if generation != self.generation:
            return  # an older query's answer
        self._loading = False
        self.total = page.total
        fresh = [o for o in page.items if o.figure_id not in self._rows]
        if fresh:
            first = len(self.objects)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, obj in enumerate(fresh):
                self._rows[obj.figure_id] = first + offset
            self.objects.extend(fresh)
            self.endInsertRows()
        self._next_page = number + 1
        if not page.items:
            self.total = len(self.objects)  # the list shrank meanwhile: stop asking
        self.loaded.emit()

    def _crop_ready(self, figure_id: int) -> None:
        row = self._rows.get(figure_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

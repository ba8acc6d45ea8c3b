"""The objects view (docs/product.md X3): one tile per box, a crop of the box
itself, for the boxes evaluation put in one kind: false positives, true
positives or missed ground truth, of one class or all, highest confidence
first (or lowest, or by IoU). Double-click or Enter opens the item in the
viewer with that box selected (`objectActivated`); a video's box opens the
video at its frame, and its crop is cut from that frame. Paged from
evaluation.objects.list, so it scales (qt/objects_model.py). Point clouds are
not evaluated (cuboids are not matched): the view says so."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from desktop_app.qt.app_state import AppState
from desktop_app.qt.object_crops import ObjectCrops
from desktop_app.qt.objects_model import ObjectRole, ObjectsModel, ObjectsQuery
from desktop_app.qt.objects_sequence import ObjectsSequence
from desktop_app.qt.video_stills import VideoStills
from desktop_app.shared.matching import EVALUATED_TYPES
from desktop_app.shared.predictions import is_prediction_class
from desktop_app.ui.evaluation.object_tile_delegate import ObjectTileDelegate

KINDS = (("False positives", "fp"), ("True positives", "tp"), ("Missed", "fn"))
SORTS = (
    ("Confidence ↓", ("confidence", "desc")),
    ("Confidence ↑", ("confidence", "asc")),
    ("IoU ↓", ("iou", "desc")),
    ("IoU ↑", ("iou", "asc")),
)
TILE = 150
NOT_EVALUATED = "Point clouds are not evaluated (cuboids are not matched), so there are no objects to show."


class ObjectsList(QListView):
    activatedObject = Signal(object)  # EvaluatedObject

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)  # no size question per row (a long list stays fast)
        self.setItemDelegate(ObjectTileDelegate(TILE, self))
        self.setSpacing(4)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)

    def _open(self, index: QModelIndex) -> None:
        obj = index.data(ObjectRole)
        if obj is not None:
            self.activatedObject.emit(obj)

    # Enter and double-click open, by hand: Qt's `activated` depends on the style (single click on
    # some) and skips a double-click without the press before it (as item_view_behaviour.py does)
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseDoubleClickEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self._open(index)


class ObjectsView(QWidget):
    objectActivated = Signal(object)  # EvaluatedObject: open its item with the box selected
    triageRequested = Signal(object, int)  # ObjectsSequence, the row to start from

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("objectsView")
        self.state = state
        stills = VideoStills(state.services.videos, state.cache_dir, self)  # a video box's crop: from its frame
        self.crops = ObjectCrops(state.services.images, self, tile=TILE, stills=stills)
        self.model = ObjectsModel(state, self.crops, self)
        self.kind = self._combo("objectsKind", KINDS)
        self.classes = QComboBox(self)
        self.classes.setObjectName("objectsClass")
        self.sort = self._combo("objectsSort", SORTS)
        self.counts = QLabel(self)
        self.counts.setObjectName("objectsCount")
        self.triage_button = QPushButton("Triage these…", self)
        self.triage_button.setToolTip("Walk these objects' items in triage mode, from the current one")
        self.triage_button.clicked.connect(self._triage)
        self.list = ObjectsList(self)
        self.list.setModel(self.model)
        self.list.activatedObject.connect(self.objectActivated)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        for label, widget in (("Show", self.kind), ("Class", self.classes), ("Sort", self.sort)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
            bar.addSpacing(8)
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.triage_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        self.fill_classes()
        for combo in (self.kind, self.classes, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.model.loaded.connect(self._show_counts)
        self.model.loadFailed.connect(lambda text: self.counts.setText(f"Could not load the objects: {text}"))
        self.model.modelReset.connect(self._show_counts)
        state.metaChanged.connect(lambda *_: self.fill_classes())
        state.projectChanged.connect(self._project_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.model.total is None and not self.model.loading:
            self.reload()  # loaded when first shown, not at start-up

    def _project_changed(self, _project: object) -> None:
        self.fill_classes()
        if self.isVisible():
            self.reload()
        else:
            self.model.clear()

    def _combo(self, name: str, entries) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, data in entries:
            combo.addItem(text, data)
        return combo

    def fill_classes(self) -> None:
        """The labelled classes of the project ("dog", not "dog_pred"): the class evaluation counts under."""
        chosen = self.classes.currentData()
        self.classes.blockSignals(True)
        self.classes.clear()
        self.classes.addItem("All classes", None)
        meta = self.state.meta
        for c in meta.classes if meta is not None else ():
            if not is_prediction_class(c.title) and c.id is not None:
                self.classes.addItem(c.title, c.id)
        self.classes.setCurrentIndex(max(self.classes.findData(chosen), 0))
        self.classes.blockSignals(False)

    def query(self) -> ObjectsQuery:
        sort, order = self.sort.currentData()
        return ObjectsQuery(self.kind.currentData(), self.classes.currentData(), sort, order)

    def reload(self) -> None:
        project = self.state.project
        evaluated = project is None or project.type in EVALUATED_TYPES
        self.triage_button.setEnabled(evaluated)
        if not evaluated:
            self.model.clear()
            self.counts.setText(NOT_EVALUATED)
            return
        self.counts.setText("Loading…")
        self.model.set_query(self.query())

    def _triage(self) -> None:
        current = self.list.currentIndex()
        self.triageRequested.emit(ObjectsSequence(self.model), current.row() if current.isValid() else 0)

    def _show_counts(self) -> None:
        total = self.model.total
        if total is None:
            return
        word = self.kind.currentText().lower()
        self.counts.setText(f"{total:,} {word}" if total else f"No {word} here.")

"""The queue panel (docs/product.md Q2): the labeling queues of the open project,
each with its item counts per status (pending, annotating, on review,
accepted) and where its items come from, refreshed live while the panel is
visible (QueuePoller: every ~5 s, and when collection contents change).

Below the list, the selected queue: one button per status with its count —
pressing one asks the window to show exactly those items in the gallery
(`statusViewRequested(QueueStatusFilter)`; the main window puts that filter
into the filter panel and the browse controller, see `queue_view_spec`) —
and the queue's actions: Work on queue (labelers), Review (reviewers), Move
accepted items… (QueueActions). A click on a queue (or Enter) shows all its items, as
the README's tour says (issue 11: a click only selected it)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from desktop_app.api.records import LabelingQueue
from desktop_app.domain.filters import FILTER_NAMES, QUEUE_STATUSES, FilterSpec, QueueStatusFilter
from desktop_app.qt.app_state import AppState
from desktop_app.qt.queue_poller import QueuePoller
from desktop_app.ui.collections.collection_dialogs import ProblemLabel
from desktop_app.ui.common.swatch import swatch_icon
from desktop_app.ui.queues.queue_actions import QueueActions, queue_source_text
from desktop_app.ui.queues.queue_list_delegate import (
    STATUS_COLOR,
    STATUS_LABEL,
    CountsRole,
    QueueListDelegate,
    QueueRole,
    SourceRole,
    counts_text,
    row_height,
)

STATUS_DOT_PX = 10


def queue_counts(queue: LabelingQueue) -> tuple[int, int, int, int]:
    """(pending, annotating, on review, accepted) as the server counted them."""
    return (
        queue.pending_count or 0,
        queue.in_progress_count or 0,
        queue.annotated_count or 0,
        queue.accepted_count or 0,
    )


def queue_view_spec(spec: FilterSpec, status: QueueStatusFilter) -> FilterSpec:
    """The filter showing exactly a queue's items in `status`: the queue-status
    chip set, every other chip switched off (kept, one click brings it back)."""
    others = {n for n in FILTER_NAMES if n != "queue_status" and spec.is_set(n)}
    return replace(spec, queue_status=status, disabled=frozenset(others))


class QueuePanel(QWidget):
    statusViewRequested = Signal(object)  # QueueStatusFilter: show these items in the gallery
    currentQueueChanged = Signal(object)  # LabelingQueue | None

    def __init__(
        self,
        state: AppState,
        actions: QueueActions | None = None,
        parent: QWidget | None = None,
        *,
        poll_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.queue_actions = actions if actions is not None else QueueActions(state, self)
        self._queue_id: int | None = None

        self.list = QListWidget(self)
        self.list.setItemDelegate(QueueListDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.currentItemChanged.connect(lambda *_: self._current_changed())
        self.list.itemActivated.connect(lambda *_: self.show_status(QUEUE_STATUSES))  # double-click or Enter
        self.list.itemClicked.connect(lambda *_: self.show_status(QUEUE_STATUSES))
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.setAccessibleName("Labeling queues")
        self.list.setMinimumHeight(self._row_height() * 2 + 4)  # two queues, not a sliver

        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self.empty_label.setText(
            "No labeling queues in this project yet. To send a collection to annotators, "
            "right-click it in the sidebar and choose “Create labeling queue…”."
        )
        self.create_button = QPushButton(self.queue_actions.create_action.text(), self)
        self.create_button.clicked.connect(self.queue_actions.create_action.trigger)
        self.create_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # see below

        self.details = self._build_details()
        self.problem = ProblemLabel(self)
        self.problem.show_problem(None)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list, 1)
        empty_box = QVBoxLayout()
        empty_box.setContentsMargins(8, 8, 8, 8)
        empty_box.addWidget(self.empty_label)
        empty_box.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_box.addStretch(1)
        layout.addLayout(empty_box)
        layout.addWidget(self.details)
        layout.addWidget(self.problem)

        self.poller = QueuePoller(state, self) if poll_ms is None else QueuePoller(state, self, poll_ms)
        self.poller.failed.connect(lambda text: self.problem.show_problem(f"Could not refresh the queues: {text}"))
        self.poller.refreshed.connect(lambda: self.problem.show_problem(None))
        state.queuesChanged.connect(self._rebuild)
        state.collectionsChanged.connect(self._rebuild)
        state.connected.connect(self._connected)
        self.queue_actions.usersLoaded.connect(self._show_details)
        self._rebuild()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # room for about three queues above the details, so the dock does not open cramped
        hint = super().sizeHint()
        return QSize(hint.width(), self._row_height() * 3 + self.details.sizeHint().height() + 16)

    def _row_height(self) -> int:
        return row_height(self.list.font())

    # -- public ------------------------------------------------------------
    def current_queue(self) -> LabelingQueue | None:
        item = self.list.currentItem()
        return item.data(QueueRole) if item is not None else None

    def select_queue(self, queue_id: int) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(QueueRole).id == queue_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def shown_counts(self, queue_id: int) -> tuple[int, int, int, int] | None:
        """The counts the list shows for a queue (tests read them)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(QueueRole).id == queue_id:
                return tuple(item.data(CountsRole))
        return None

    def show_status(self, statuses) -> None:
        """Ask the window to show the current queue's items in these statuses."""
        queue = self.current_queue()
        if queue is not None:
            self.statusViewRequested.emit(QueueStatusFilter(queue.id, frozenset(statuses)))

    # -- building ----------------------------------------------------------
    def _build_details(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(4)
        self.title_label = QElidingLabel(box)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.people_label = QLabel(box)
        self.people_label.setTextFormat(Qt.TextFormat.PlainText)
        self.people_label.setWordWrap(True)
        self.people_label.setEnabled(False)
        layout.addWidget(self.title_label)
        layout.addWidget(self.people_label)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        self.status_buttons: dict[str, QToolButton] = {}
        for i, status in enumerate(QUEUE_STATUSES):
            button = QToolButton(box)
            button.setIcon(swatch_icon(STATUS_COLOR[status], STATUS_DOT_PX, dot=True))
            button.setIconSize(QSize(STATUS_DOT_PX, STATUS_DOT_PX))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setToolTip(f"Show the queue's {STATUS_LABEL[status].lower()} items in the gallery")
            button.clicked.connect(lambda _=False, s=status: self.show_status((s,)))
            grid.addWidget(button, i // 2, i % 2)
            self.status_buttons[status] = button
        self.all_button = QToolButton(box)
        self.all_button.setText("Show all its items")
        self.all_button.setAutoRaise(True)
        self.all_button.setToolTip("Show every item of the queue in the gallery (or double-click the queue)")
        self.all_button.clicked.connect(lambda: self.show_status(QUEUE_STATUSES))
        grid.addWidget(self.all_button, 2, 0, 1, 2)
        layout.addLayout(grid)

        buttons = QGridLayout()  # two columns: the dock stays narrow
        buttons.setSpacing(4)
        self.work_button = QToolButton(box)
        self.work_button.setDefaultAction(self.queue_actions.work_action)
        self.review_button = QToolButton(box)
        self.review_button.setDefaultAction(self.queue_actions.review_action)
        self.move_button = QToolButton(box)
        self.move_button.setDefaultAction(self.queue_actions.move_action)
        for i, button in enumerate((self.work_button, self.review_button, self.move_button)):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button, i // 2, i % 2)
        layout.addLayout(buttons)
        # The panel shares the left side with the collections: it must not widen the
        # window's minimum. The buttons fill the dock's width and only cut their text
        # when the user squeezes the dock.
        for button in [
            *self.status_buttons.values(),
            self.all_button,
            self.work_button,
            self.review_button,
            self.move_button,
        ]:
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(40)
        return box

    # -- showing the queues --------------------------------------------------
    def _rebuild(self, *_: object) -> None:
        keep = self._queue_id
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for queue in sorted(self.state.queues, key=lambda q: q.name.lower()):
                counts = queue_counts(queue)
                item = QListWidgetItem(queue.name, self.list)
                item.setData(QueueRole, queue)
                item.setData(SourceRole, queue_source_text(self.state, queue))
                item.setData(CountsRole, counts)
                item.setToolTip(f"{queue.name}\n{counts_text(counts)}")
            row = next((r for r in range(self.list.count()) if self.list.item(r).data(QueueRole).id == keep), 0)
            if self.list.count():
                self.list.setCurrentRow(row)
        finally:
            self.list.blockSignals(False)
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty_label.setVisible(not has and self.state.project is not None)
        self.create_button.setVisible(not has and self.state.project is not None)
        self._current_changed()

    def _current_changed(self) -> None:
        queue = self.current_queue()
        changed = (queue.id if queue else None) != self._queue_id
        self._queue_id = queue.id if queue else None
        self.queue_actions.set_queue(queue)
        self._show_details()
        if changed:
            self.currentQueueChanged.emit(queue)

    def _connected(self, _user: object) -> None:
        self._show_details()

    def _show_details(self) -> None:
        queue = self.current_queue()
        self.details.setVisible(queue is not None)
        if queue is None:
            return
        self.queue_actions.set_queue(queue)  # membership may be known only now (connected)
        self.title_label.setText(queue.name)
        self.people_label.setText(self.queue_actions.people_text(queue))
        for status, n in zip(QUEUE_STATUSES, queue_counts(queue)):
            self.status_buttons[status].setText(f"{STATUS_LABEL[status]}  {n:,}")

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        menu = QMenu(self)
        if item is not None:
            self.list.setCurrentItem(item)
            for status in QUEUE_STATUSES:
                action = menu.addAction(
                    swatch_icon(STATUS_COLOR[status], STATUS_DOT_PX, dot=True),
                    f"Show {STATUS_LABEL[status].lower()} items",
                )
                action.triggered.connect(lambda _=False, s=status: self.show_status((s,)))
            menu.addAction("Show all its items").triggered.connect(lambda: self.show_status(QUEUE_STATUSES))
            menu.addSeparator()
            acts = self.queue_actions
            menu.addActions([acts.work_action, acts.review_action, acts.move_action])
            menu.addSeparator()
            menu.addActions([acts.edit_action, acts.delete_queue_action])
            menu.addSeparator()
        menu.addAction(self.queue_actions.refresh_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(pos))

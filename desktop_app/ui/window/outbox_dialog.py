"""The edits that have not reached the server yet (the outbox), live.

Pending edits wait their turn (or for the server to come back); failed ones
were refused by the server and stay here until the user retries or discards
them. Non-modal: it can stay open next to the window while work goes on."""

from __future__ import annotations

import time
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.collection_backend import ADD_ITEMS, CREATE, DELETE, DESCRIBE, REMOVE_ITEMS, RENAME
from desktop_app.domain.outbox import Operation
from desktop_app.qt.app_state import AppState
from desktop_app.qt.style import error_color
from desktop_app.ui.common.tree_items import top_level_items

OpIdRole = Qt.ItemDataRole.UserRole
COLUMNS = ("Edit", "Status", "Queued", "Attempts", "Last error")


def _items(n: int) -> str:
    return f"{n:,} item{'s' if n != 1 else ''}"


def describe_operation(op: Operation, state: AppState) -> str:
    """The edit in words: 'Add 12 items to collection “False positives”'."""
    p = op.payload
    cid = p.get("collectionId", p.get("id"))
    known = state.collection(cid) if isinstance(cid, int) else None
    if known is not None:
        target = f"collection “{known.name}”"
    elif isinstance(cid, int):
        target = f"collection {cid}"
    else:
        target = "the new collection"  # its id comes from a create queued before it
    if op.kind == CREATE:
        return f"Create collection “{p.get('name', '')}”"
    if op.kind == ADD_ITEMS:
        return f"Add {_items(len(p.get('entityIds', ())))} to {target}"
    if op.kind == REMOVE_ITEMS:
        return f"Remove {_items(len(p.get('entityIds', ())))} from {target}"
    if op.kind == RENAME:
        return f"Rename {target} to “{p.get('name', '')}”"
    if op.kind == DESCRIBE:
        return f"Change the description of {target}"
    if op.kind == DELETE:
        return f"Delete {target}"
    return op.kind


def describe_status(op: Operation, now: float | None = None) -> str:
    if op.state == "failed":
        return "Failed"
    if op.state == "sending":
        return "Sending…"
    wait = op.next_attempt_at - (time.time() if now is None else now)
    if op.attempts and wait > 0:
        return f"Retrying in {wait:.0f} s"
    return "Waiting"


def _when(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp)
    return f"{moment:%H:%M:%S}" if moment.date() == datetime.now().date() else f"{moment:%d %b %H:%M}"


class OutboxDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Edits waiting for the server")
        self.setModal(False)
        intro = QLabel(
            "Edits are kept on this computer and sent to the server in order. "
            "Failed edits were refused by the server: retry them (for example after "
            "fixing a name) or discard them."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 300)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("Nothing is waiting: every edit has reached the server.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMinimumHeight(80)
        self.details = QLabel()  # the whole error of the chosen failed edit (the column cuts it)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = QPushButton("Retry")
        self.discard_button = QPushButton("Discard…")
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.retry_button.clicked.connect(self.retry_chosen)
        self.discard_button.clicked.connect(self.ask_discard)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.confirm: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(760, 320)
        state.outboxChanged.connect(self.refresh)
        state.collectionsChanged.connect(self.refresh)  # names may now be known
        self.refresh()

    # -- contents --------------------------------------------------------------
    def refresh(self, *_: object) -> None:
        chosen = set(self.selected_ids())
        outbox = self.state.outbox
        ops = outbox.failed() + outbox.pending()
        ops.sort(key=lambda op: op.seq)
        red = error_color(self.palette())
        self.tree.clear()
        for op in ops:
            row = QTreeWidgetItem(
                [
                    describe_operation(op, self.state),
                    describe_status(op),
                    _when(op.created_at),
                    str(op.attempts),
                    op.last_error or "",
                ]
            )
            row.setData(0, OpIdRole, op.id)
            row.setData(1, OpIdRole, op.state)
            row.setToolTip(4, op.last_error or "")
            if op.state == "failed":
                row.setForeground(1, red)
                row.setForeground(4, red)
            self.tree.addTopLevelItem(row)
            row.setSelected(op.id in chosen)
        self.tree.setVisible(bool(ops))
        self.empty.setVisible(not ops)
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        return [item.data(0, OpIdRole) for item in self.tree.selectedItems()]

    def _chosen_failed(self) -> list[str]:
        """The selected failed edits; all failed edits when none is selected."""
        failed = [item for item in top_level_items(self.tree) if item.data(1, OpIdRole) == "failed"]
        picked = [item for item in failed if item.isSelected()]
        return [item.data(0, OpIdRole) for item in (picked or failed)]

    def _update_buttons(self) -> None:
        failed = self._chosen_failed()
        some_selected = any(item.data(1, OpIdRole) == "failed" for item in self.tree.selectedItems())
        suffix = "" if some_selected else " all failed"
        self.retry_button.setText(f"Retry{suffix}")
        self.discard_button.setText(f"Discard{suffix}…")
        self.retry_button.setEnabled(bool(failed))
        self.discard_button.setEnabled(bool(failed))
        self._show_details()

    def _show_details(self) -> None:
        chosen = self.tree.selectedItems() or [
            item for item in top_level_items(self.tree) if item.data(1, OpIdRole) == "failed"
        ]
        item = next((i for i in chosen if i.text(4)), None)
        self.details.setText(f"<b>{escape(item.text(0))}</b>: {escape(item.text(4))}" if item else "")
        self.details.setVisible(item is not None)

    # -- actions ---------------------------------------------------------------
    def retry_chosen(self) -> None:
        self._apply(self.state.outbox.retry, self._chosen_failed())

    def ask_discard(self) -> None:
        ids = self._chosen_failed()
        if not ids:
            return
        what = "this failed edit" if len(ids) == 1 else f"these {len(ids)} failed edits"
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard edits",
            f"Discard {what}? They will not be sent to the server.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        self.confirm.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box = self.confirm
        box.finished.connect(
            lambda _result: (
                self._apply(self.state.outbox.discard, ids)
                if box.clickedButton() is box.button(QMessageBox.StandardButton.Discard)
                else None
            )
        )
        box.open()

    def _apply(self, action, ids: list[str]) -> None:
        for op_id in ids:
            try:
                action(op_id)
            except (KeyError, ValueError):
                pass  # it changed meanwhile (sent, retried elsewhere): the refresh shows the truth
        self.refresh()

"""Working a labeling queue (docs/product.md Q4): the item viewer and box editor on
the queue's next item, and the queue's verbs.

- A labeler gets Submit (Ctrl+Enter): the annotation is saved first (if it
  changed), then the item is submitted, then the next one is taken.
- A reviewer gets Accept (Ctrl+Enter) and Reject (Ctrl+Backspace, with an
  optional comment asked in a non-blocking dialog); a reviewer's own fixes
  are saved first too. Each advances to the next item.
- A rejected item comes back to its labeler with the reviewer's comment shown
  above the image.
- When nothing is left the window says so (Check again, Close); an empty
  Review also says why (nothing submitted yet, or only the reviewer's own
  work in a queue without self-review).
- A server without the queue-work methods (a real Supervisely instance) gets
  a plain message and a button that opens the queue in its web interface.

Every call is async; a refused save (conflict, failure) stops the step and
shows why, so nothing is submitted without the annotation the user sees."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.errors import QueueWorkUnsupported
from desktop_app.api.records import LabelingQueue, QueueEntity
from desktop_app.domain.queue_work import Role
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.viewer.viewer_kinds import make_viewer

log = logging.getLogger(__name__)
ROLE_WORDS = {"labeler": "Labeling", "reviewer": "Reviewing"}
CATEGORY = "Labeling queue"  # of the actions, on the shortcut cheat sheet


class QueueWorkWindow(QWidget):
    def __init__(
        self, state: AppState, queue: LabelingQueue, role: Role, parent: QWidget | None = None, *, work: Any = None
    ) -> None:
        """`work` replaces the QueueWork made from `state` (another server, in tests)."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("queueWorkWindow")
        self.state = state
        self.queue = queue
        self.role = role
        self.work = work or state.services.queues.work(queue.id, role)
        self.scope = TaskScope(self)
        self.entity: QueueEntity | None = None
        self.comment_dialog: QInputDialog | None = None
        self._started = False
        self._busy = False
        self.setWindowTitle(f"{ROLE_WORDS.get(role, 'Working')} “{queue.name}” — Collections Desk")

        project = state.project
        kind = project.type if project is not None and project.id == queue.project_id else "images"
        self.viewer = make_viewer(state, kind, None, self, window=False)  # the viewer of the items' type
        self.header = QLabel(self)
        self.header.setObjectName("queueHeader")
        self.counts = QLabel(self)
        self.counts.setObjectName("queueCounts")
        self.counts.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.comment = QLabel(self)
        self.comment.setObjectName("reviewComment")
        self.comment.setWordWrap(True)
        self.comment.setAutoFillBackground(True)
        self.comment.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.comment.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.comment.setContentsMargins(8, 4, 8, 4)
        self.comment.hide()
        self.message = QLabel(self)
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)

        self._build_actions()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.viewer)
        self.empty_page = self._empty_page()
        self.pages.addWidget(self.empty_page)
        self.unsupported_page = self._unsupported_page()
        self.pages.addWidget(self.unsupported_page)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        bar.addWidget(self.header)
        bar.addSpacing(12)
        bar.addWidget(self.counts, 1)
        for button in self.step_buttons:
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.comment)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.message.setContentsMargins(8, 2, 8, 4)
        self.header.setText(f"<b>{queue.name}</b> · {ROLE_WORDS.get(role, role)}")
        self.viewer.extra_actions = list(self._role_actions)
        self.viewer.itemShown.connect(self._item_shown)
        self.viewer.itemFailed.connect(self._item_failed)
        self.viewer.editor.messageRaised.connect(self.show_message)
        self._set_busy(True)
        self.resize(1280, 860)

    # -- building ------------------------------------------------------------------
    def _build_actions(self) -> None:
        main = ["Ctrl+Return", "Ctrl+Enter"]
        self.act_submit = make_action(
            self,
            "Submit",
            lambda: self._step("submit"),
            shortcuts=main,
            tip="Save, hand the item to review and take the next",
            category=CATEGORY,
        )
        self.act_accept = make_action(
            self,
            "Accept",
            lambda: self._step("accept"),
            shortcuts=main,
            tip="Accept the item and go to the next",
            category=CATEGORY,
        )
        self.act_reject = make_action(
            self,
            "Reject…",
            self.ask_reject,
            shortcuts="Ctrl+Backspace",
            tip="Send the item back to its labeler",
            category=CATEGORY,
        )
        ours = [self.act_submit] if self.role == "labeler" else [self.act_accept, self.act_reject]
        self.step_buttons = []
        for action in (self.act_submit, self.act_accept, self.act_reject):
            action.setVisible(action in ours)
            action.setEnabled(action in ours)
            if action in ours:
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                button = QPushButton(f"{action.text()}  ({keys})", self)
                button.setToolTip(action.toolTip())
                button.clicked.connect(action.trigger)
                action.enabledChanged.connect(button.setEnabled)
                self.step_buttons.append(button)
        self._role_actions = ours

    def _empty_page(self) -> QWidget:
        page = QWidget(self)
        self.empty_label = QLabel(page)
        self.empty_label.setObjectName("nothingLeft")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        again = QPushButton("Check again", page)
        again.clicked.connect(self.take_next)
        close = QPushButton("Close", page)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(again)
        buttons.addWidget(close)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _unsupported_page(self) -> QWidget:
        page = QWidget(self)
        self.unsupported_label = QLabel(page)
        self.unsupported_label.setObjectName("unsupported")
        self.unsupported_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unsupported_label.setWordWrap(True)
        self.web_link = QLineEdit(page)
        self.web_link.setReadOnly(True)
        self.web_link.setObjectName("webLink")
        self.open_web = QPushButton("Open the queue in the web interface", page)
        self.open_web.setObjectName("openWeb")
        self.open_web.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(self.work.web_url())))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.unsupported_label)
        layout.addWidget(self.web_link)
        layout.addWidget(self.open_web, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        layout.setContentsMargins(60, 20, 60, 20)
        return page

    # -- the flow ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.take_next()

    def take_next(self) -> None:
        self.scope.start(self._take_next(), key="step")

    async def _take_next(self) -> None:
        self._set_busy(True)
        self.show_message("Taking the next item…")
        try:
            entity = await self.work.next()
        except QueueWorkUnsupported as exc:
            self._show_unsupported(str(exc))
            return
        except Exception as exc:  # said in words; Check again retries
            log.info("taking the next item of queue %s failed: %s", self.queue.id, exc)
            self._show_empty(f"Could not get the next item: {plain_error(exc)}")
            self.show_message("")
            return
        finally:
            self._set_busy(False)
        self.entity = entity
        self._refresh_counts()
        if entity is None:
            what = "to label" if self.role == "labeler" else "to review"
            self._show_empty(f"Nothing left {what} in “{self.queue.name}” for now.")
            self.show_message("")
            if self.role == "reviewer":
                self.scope.start(self._explain_empty_review(), key="why-empty")
            return
        self.pages.setCurrentWidget(self.viewer)
        note = entity.review_comment if self.role == "labeler" and entity.rejected_count else None
        self.comment.setText(f"Sent back by the reviewer: {note}" if note else "")
        self.comment.setVisible(bool(note))
        self._set_busy(True)  # until the item is shown
        self.viewer.open_item(entity.id)

    async def _explain_empty_review(self) -> None:
        """Say why Review is empty: nothing submitted yet, or only the reviewer's own work."""
        user = self.state.user
        try:
            why = await self.work.why_nothing_to_review(user.id if user is not None else None)
        except Exception as exc:  # the plain "nothing left" stays
            log.debug("explaining an empty review failed: %s", exc)
            return
        if self.pages.currentWidget() is self.empty_page and self.entity is None:
            self.empty_label.setText(f"Nothing left to review in “{self.queue.name}” for now.\n{why}")

    def _item_shown(self, item_id: int) -> None:
        if self.entity is not None and self.entity.id == item_id:
            self._set_busy(False)
            self.show_message("")

    def _item_failed(self, text: str) -> None:
        # Check again takes the same item (the server hands back the caller's unfinished one)
        self._show_empty(f"The item could not be shown: {text}")

    def _step(self, verb: str, comment: str | None = None) -> None:
        if self._busy or self.entity is None or self.viewer.loading:
            return
        self.scope.start(self._do_step(verb, self.entity, comment), key="step")

    async def _do_step(self, verb: str, entity: QueueEntity, comment: str | None) -> None:
        self._set_busy(True)
        try:
            editor = self.viewer.editor
            if editor.dirty:
                status = await editor.save()
                if status not in ("saved", "queued"):
                    return  # the conflict question or the reason is showing; the item stays
            self.show_message({"submit": "Submitting…", "accept": "Accepting…", "reject": "Rejecting…"}[verb])
            if verb == "submit":
                await self.work.submit(entity.id)
            elif verb == "accept":
                await self.work.accept(entity.id)
            else:
                await self.work.reject(entity.id, comment)
        except QueueWorkUnsupported as exc:
            self._show_unsupported(str(exc))
            return
        except Exception as exc:  # the item stays; the reason is shown
            log.info("%s of item %s failed: %s", verb, entity.id, exc)
            self.show_message(plain_error(exc))
            return
        finally:
            self._set_busy(False)
        done = {"submit": "Submitted", "accept": "Accepted", "reject": "Sent back"}[verb]
        self.state.messageRaised.emit(f"{done}: {entity.name or entity.id}")
        await self._take_next()

    def ask_reject(self) -> None:
        if self._busy or self.entity is None or self.comment_dialog is not None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("rejectDialog")
        dialog.setWindowTitle("Reject item")
        dialog.setLabelText("What should the labeler fix? (optional)")
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, True)
        dialog.setOkButtonText("Reject")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: self._step("reject", text.strip() or None))
        dialog.finished.connect(self._reject_dialog_closed)
        self.comment_dialog = dialog
        dialog.open()

    def _reject_dialog_closed(self, *_: object) -> None:
        self.comment_dialog = None
        self.activateWindow()

    # -- showing -------------------------------------------------------------------
    def _set_busy(self, on: bool) -> None:
        self._busy = on
        for action in self._role_actions:
            action.setEnabled(not on and self.entity is not None and self.pages.currentWidget() is self.viewer)

    def _show_empty(self, text: str) -> None:
        self.entity = None
        self.viewer.editor.clear()
        self.comment.hide()
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_page)
        self._set_busy(False)

    def _show_unsupported(self, text: str) -> None:
        self.entity = None
        self.comment.hide()
        self.unsupported_label.setText(text)
        self.web_link.setText(self.work.web_url())
        self.pages.setCurrentWidget(self.unsupported_page)
        self.counts.setText("")
        self.show_message("")
        self._set_busy(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _refresh_counts(self) -> None:
        async def refresh() -> None:
            try:
                counts = await self.work.counts()
            except Exception as exc:  # counts are a courtesy; the work goes on without them
                log.debug("queue counts failed: %s", exc)
                return
            self.counts.setText(counts.summary())

        self.scope.start(refresh(), key="counts")

    def _close_again(self) -> None:  # once the item may be left
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        editor = self.viewer.editor
        if editor.dirty or editor.saving:
            event.ignore()
            self.viewer.leave_then(self._close_again)
            return
        self.scope.cancel_all()
        super().closeEvent(event)

"""Working a labeling queue (docs/product.md Q4): a labeler takes the next item,
annotates it (annotation_save.py) and submits it; a reviewer takes the next
item on review and accepts or rejects it (a rejected item goes back to its
labeler, who gets it first on their next `next()`).

Every call goes straight to the server (these are not queued edits: the
server decides who gets which item). Errors are the api's, each with a
sentence a user can read; a server without these methods raises
`QueueWorkUnsupported`, and `web_url()` gives the queue's page to open instead.

With the app's outbox, `submit()` first waits until this item's annotation
saves have been sent, so a reviewer never sees the item without its last edit."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.api.errors import ApiError
from desktop_app.api.queues import queue_web_url
from desktop_app.api.records import QueueEntity

from .annotation_save import SAVE
from .outbox import Outbox
from .point_clouds.cloud_save import SAVE_CLOUD
from .review_empty import empty_review_reason

Role = Literal["labeler", "reviewer"]
ROLES = ("labeler", "reviewer")


class SubmitBlocked(ApiError):
    """The item cannot be submitted yet because of its annotation's saves; str() says why."""

    summary = "This item cannot be submitted yet."

    def _text(self) -> str:
        return self.message or self.summary


@dataclass(frozen=True)
class QueueCounts:
    pending: int = 0
    annotating: int = 0
    on_review: int = 0
    accepted: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.annotating + self.on_review + self.accepted

    def summary(self) -> str:
        return (
            f"{self.pending} pending, {self.annotating} annotating, {self.on_review} on review, "
            f"{self.accepted} accepted"
        )


class QueueWork:
    def __init__(
        self, api: Any, queue_id: int, role: Role, *, outbox: Outbox | None = None, save_wait: float = 10.0
    ) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be 'labeler' or 'reviewer', not {role!r}")
        self.api = api
        self.queue_id = queue_id
        self.role: Role = role
        self.outbox = outbox
        self.save_wait = save_wait
        self.current: QueueEntity | None = None  # the item last handed out by next()

    async def next(self) -> QueueEntity | None:
        """The next item to work on, or None when there is none (for now)."""
        if self.role == "labeler":
            self.current = await self.api.queues.take_next(self.queue_id)
        else:
            self.current = await self.api.queues.review_next(self.queue_id)
        return self.current

    async def submit(self, entity_id: int) -> None:
        self._need("labeler", "submit items")
        await self._annotation_sent(entity_id)
        await self.api.queues.submit(self.queue_id, entity_id)
        self._done(entity_id)

    async def accept(self, entity_id: int) -> None:
        self._need("reviewer", "accept items")
        await self.api.queues.accept(self.queue_id, entity_id)
        self._done(entity_id)

    async def reject(self, entity_id: int, comment: str | None = None) -> None:
        self._need("reviewer", "reject items")
        comment = (comment or "").strip() or None
        await self.api.queues.reject(self.queue_id, entity_id, comment)
        self._done(entity_id)

    async def counts(self) -> QueueCounts:
        """How many items are in each state (one labeling-queues.info; the per-state
        listing only when the server leaves a count out)."""
        queue = await self.api.queues.info(self.queue_id)
        wire = {
            "pending": (queue.pending_count, None),
            "annotating": (queue.in_progress_count, "none"),
            "on_review": (queue.annotated_count, "done"),
            "accepted": (queue.accepted_count, "accepted"),
        }
        values = {}
        for name, (count, state) in wire.items():
            values[name] = count if count is not None else await self.api.queues.entities_count(self.queue_id, [state])
        return QueueCounts(**values)

    async def why_nothing_to_review(self, user_id: int | None) -> str:
        """Why review-next handed out nothing, in words (domain/review_empty.py)."""
        return await empty_review_reason(self.api, self.queue_id, user_id)

    def web_url(self) -> str:
        return queue_web_url(self.api.server_address, self.queue_id)

    # ---- helpers -------------------------------------------------------------
    def _need(self, role: Role, what: str) -> None:
        if self.role != role:
            raise ValueError(f"Only a {role} can {what}; you are working this queue as a {self.role}.")

    def _done(self, entity_id: int) -> None:
        if self.current is not None and self.current.id == entity_id:
            self.current = None

    async def _annotation_sent(self, entity_id: int) -> None:
        """Wait until no save of this item is waiting in the outbox; refuse when
        one failed (the reviewer would get an item without the labeler's edit)."""
        if self.outbox is None:
            return
        outbox = self.outbox

        def saves(ops):
            return [
                op
                for op in ops
                if (op.kind == SAVE and op.payload.get("imageId") == entity_id)
                or (op.kind == SAVE_CLOUD and op.payload.get("pointCloudId") == entity_id)
            ]

        failed = SubmitBlocked(
            "The last save of this item's annotation failed (see pending edits); save it again before submitting."
        )
        if saves(outbox.failed()):
            raise failed
        waiting = [outbox.handle(op.id) for op in saves(outbox.pending())]
        try:
            await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), self.save_wait)
        except TimeoutError:
            raise SubmitBlocked(
                "This item's annotation is still waiting to be sent; submit it when the server is back."
            ) from None
        if saves(outbox.failed()):
            raise failed

"""Labeling queues: create, info, list, per-item states, status.

`create` builds the body exactly as the SDK's LabelingQueueApi.create
(docs/wire-contract.md, section 4.1) and returns the new queue's id.
Item states in `entities(states=[...])`, the SDK's spelling: None (or "null")
= pending, "none" = annotating, "done" = on review, "accepted" = accepted;
no states = every item.

Working a queue (take_next, submit, review_next, accept, reject) uses methods
of the bundled server that the SDK does not know (`labeling-queues.entities.*`).
They are writes: sent once, never retried automatically. A server without them
(a real Supervisely instance) answers 404 "Method not found"; that becomes
`QueueWorkUnsupported`, and `queue_web_url()` gives the page to open instead."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from .base import Area, Json
from .errors import NotFound, QueueWorkUnsupported
from .pagination import Page, TotalCallback, fetch_page, list_all
from .query import collection_filter, cond, with_sort
from .records import LabelingQueue, QueueEntity

TAKE_NEXT = "labeling-queues.entities.take-next"
SUBMIT = "labeling-queues.entities.submit"
REVIEW_NEXT = "labeling-queues.entities.review-next"
ACCEPT = "labeling-queues.entities.accept"
REJECT = "labeling-queues.entities.reject"

QUEUE_STATUSES = ("pending", "in_progress", "on_review", "completed", "stopped", "review_completed")


class QueuesApi(Area):
    async def create(
        self,
        name: str,
        user_ids: Sequence[int],
        reviewer_ids: Sequence[int],
        *,
        dataset_id: int | None = None,
        collection_id: int | None = None,
        readme: str | None = None,
        description: str | None = None,
        classes_to_label: Sequence[str] = (),
        objects_limit_per_image: int | None = None,
        tags_to_label: Sequence[str] = (),
        tags_limit_per_image: int | None = None,
        include_images_with_tags: Sequence[str] = (),
        exclude_images_with_tags: Sequence[str] = (),
        images_range: tuple[int, int] | None = None,
        reviewer_id: int | None = None,
        images_ids: Sequence[int] | None = None,
        dynamic_classes: bool = False,
        dynamic_tags: bool = False,
        disable_confirm: bool | None = None,
        disable_submit: bool | None = None,
        hide_figure_author: bool = False,
        allow_review_own_annotations: bool = False,
        skip_complete_job_on_empty: bool = False,
        enable_quality_check: bool | None = None,
        quality_check_user_ids: Sequence[int] | None = None,
        guide_id: int | None = None,
    ) -> int:
        if dataset_id is None and collection_id is None:
            raise ValueError("a queue needs a dataset_id or a collection_id")
        if (quality_check_user_ids is not None) != bool(enable_quality_check):
            raise ValueError("quality_check_user_ids and enable_quality_check go together")
        image_tags = [{"name": t, "positive": True} for t in include_images_with_tags]
        image_tags += [{"name": t, "positive": False} for t in exclude_images_with_tags]
        meta: Json = {
            "classes": list(classes_to_label),
            "projectTags": list(tags_to_label),
            "imageTags": image_tags,
            "imageFiguresLimit": objects_limit_per_image or 0,
            "imageTagsLimit": tags_limit_per_image or 0,
            "dynamicClasses": dynamic_classes,
            "dynamicTags": dynamic_tags,
            "hideFigureAuthor": hide_figure_author,
        }
        if images_ids is not None:
            meta["entityIds"] = list(images_ids)
        if guide_id is not None:
            meta["guide"] = int(guide_id)
        if disable_confirm is not None:
            meta["disableConfirm"] = disable_confirm
        if disable_submit is not None:
            meta["disableSubmit"] = disable_submit
        if enable_quality_check is not None:
            meta["enableIntermediateReview"] = enable_quality_check
        queue_meta: Json = {}
        if allow_review_own_annotations:
            queue_meta["reviewOwnAnnotationsAvailable"] = True
        if skip_complete_job_on_empty:
            queue_meta["skipCompleteAnnotationJobOnEmpty"] = True

        body: Json = {"name": name, "userIds": list(user_ids), "reviewerIds": list(reviewer_ids), "meta": meta}
        if dataset_id is not None:
            body["datasetId"] = dataset_id
        if collection_id is not None:
            body["collectionId"] = collection_id
        if quality_check_user_ids is not None:
            body["qualityCheckUserIds"] = list(quality_check_user_ids)
        if queue_meta:
            body["queueMeta"] = queue_meta
        if readme is not None:
            body["readme"] = str(readme)
        if description is not None:
            body["description"] = str(description)
        if images_range is not None:
            meta["range"] = {"start": images_range[0], "end": images_range[1]}
        if reviewer_id is not None:
            body["reviewerId"] = reviewer_id
        return int((await self._write("labeling-queues.add", body))["id"])

    async def info(self, queue_id: int) -> LabelingQueue:
        return LabelingQueue.from_json(await self._read("labeling-queues.info", {"id": queue_id}))

    async def list(
        self,
        team_id: int,
        *,
        project_id: int | None = None,
        dataset_id: int | None = None,
        collection_id: int | None = None,
        names: Sequence[str] | None = None,
        ids: Sequence[int] | None = None,
        show_disabled: bool = False,
        on_total: TotalCallback | None = None,
    ) -> list[LabelingQueue]:
        conditions = []
        if project_id is not None:
            conditions.append(cond("projectId", "=", project_id))
        if dataset_id is not None:
            conditions.append(cond("datasetId", "=", dataset_id))
        if collection_id is not None:
            conditions.append(cond("collectionId", "=", collection_id))
        if names is not None:
            conditions.append(cond("name", "in", names))
        if ids is not None:
            conditions.append(cond("id", "in", ids))
        body = with_sort({"teamId": team_id, "showDisabled": show_disabled, "filter": conditions})
        return await list_all(
            self._client, "labeling-queues.list", body, on_total=on_total, convert=LabelingQueue.from_json
        )

    async def entities(
        self,
        queue_id: int,
        *,
        collection_id: int | None = None,
        states: Sequence[str | None] = (),
        filter: Sequence[Json] | None = None,
        sort: str = "name",
        sort_order: str = "asc",
        per_page: int = 25,
        concurrency: int = 4,
        on_total: TotalCallback | None = None,
    ) -> builtins.list[QueueEntity]:
        """The queue's items with their states (all pages)."""
        body = self._entities_body(queue_id, collection_id, states, filter, sort, sort_order, per_page)
        return await list_all(
            self._client,
            "labeling-queues.stats.entities",
            body,
            per_page=per_page,
            concurrency=concurrency,
            on_total=on_total,
            items_key="images",
            convert=QueueEntity.from_json,
        )

    async def entities_count(
        self, queue_id: int, states: Sequence[str | None] = (), *, filter: Sequence[Json] | None = None
    ) -> int:
        """How many items are in the given states (all items when `states` is empty)."""
        body = self._entities_body(queue_id, None, states, filter, "name", "asc", 1)
        page: Page[Any] = await fetch_page(self._client, "labeling-queues.stats.entities", body, items_key="images")
        return page.total

    async def set_status(self, queue_id: int, status: str) -> None:
        if status not in QUEUE_STATUSES:
            raise ValueError(f"unknown queue status {status!r}")
        await self._write("labeling-queues.set-status", {"id": queue_id, "status": status})

    # ---- editing and deleting (bundled server only; wire-contract 4.5) ---------
    async def edit(self, queue_id: int, changes: Json) -> LabelingQueue:
        """labeling-queues.editInfo: `changes` holds only what changes (name, description,
        readme, userIds, reviewerIds, meta limits, queueMeta options)."""
        return LabelingQueue.from_json(await self._write("labeling-queues.editInfo", {"id": queue_id, **changes}))

    async def remove(self, queue_id: int) -> None:
        """labeling-queues.remove: the queue and its work states; its items stay."""
        await self._write("labeling-queues.remove", {"id": queue_id})

    # ---- working a queue (bundled server only) --------------------------------
    async def take_next(self, queue_id: int) -> QueueEntity | None:
        """The caller's unfinished or rejected item, else the next pending one
        (now the caller's); None when nothing is left. The caller must be a labeler."""
        return await self._work_entity(TAKE_NEXT, {"id": queue_id})

    async def submit(self, queue_id: int, entity_id: int) -> None:
        """Hand the caller's item over to review."""
        await self._work(SUBMIT, {"id": queue_id, "entityId": entity_id})

    async def review_next(self, queue_id: int) -> QueueEntity | None:
        """The next item waiting for review; None when nothing is. The caller must be a reviewer."""
        return await self._work_entity(REVIEW_NEXT, {"id": queue_id})

    async def accept(self, queue_id: int, entity_id: int) -> None:
        await self._work(ACCEPT, {"id": queue_id, "entityId": entity_id})

    async def reject(self, queue_id: int, entity_id: int, comment: str | None = None) -> None:
        """Send the item back to its labeler, with an optional comment."""
        body: Json = {"id": queue_id, "entityId": entity_id}
        if comment:
            body["comment"] = comment
        await self._work(REJECT, body)

    async def _work_entity(self, method: str, body: Json) -> QueueEntity | None:
        answer = await self._work(method, body)
        entity = answer.get("entity") if isinstance(answer, dict) else None
        return QueueEntity.from_json(entity) if isinstance(entity, dict) else None

    async def _work(self, method: str, body: Json) -> object:
        try:
            return await self._write(method, body)
        except NotFound as exc:
            if is_missing_method(exc):
                raise QueueWorkUnsupported(exc.message, status=exc.status, method=method, details=exc.details) from exc
            raise

    @staticmethod
    def _entities_body(queue_id, collection_id, states, filter, sort, sort_order, per_page) -> Json:
        body: Json = {"id": queue_id, "page": 1, "per_page": per_page, "sort": sort, "sort_order": sort_order}
        if collection_id is not None:
            body["filters"] = [collection_filter(collection_id)]
        if filter is not None:
            body["filter"] = list(filter)
        if isinstance(states, str):
            raise TypeError("states is a list, e.g. ['accepted']")
        if states:
            body["entityStatus"] = [None if s is None or s == "null" else s.lower() for s in states]
        return body


def is_missing_method(error: NotFound) -> bool:
    """Whether a 404 says the METHOD is unknown, not the queue or the item.

    The bundled server answers {"error": "Method not found", "details":
    {"message": "unknown method ..."}}. What a real instance answers is not
    confirmed, so a 404 that does not follow the {error, details} convention
    at all (e.g. a proxy's page) counts as a missing method too; a 404 with
    the convention's details (e.g. "labeling queue with id 5 not found") does not."""
    body = error.details if isinstance(error.details, dict) else {}
    words = f"{body.get('error') or ''} {error.message}".lower()
    if "method not found" in words or "unknown method" in words:
        return True
    return not isinstance(body.get("details"), (dict, list))


def queue_web_url(server_address: str, queue_id: int) -> str:
    """The queue's page in the platform's web interface.

    A best guess: the path the Supervisely web app uses for a labeling queue
    is not confirmed (docs/wire-contract.md has no such address)."""
    return f"{server_address.rstrip('/')}/labeling/queues/{int(queue_id)}"

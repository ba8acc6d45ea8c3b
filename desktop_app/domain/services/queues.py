"""Labeling queues: list, create, edit and delete them, the accepted items a move would
take, and the work of one queue (take the next item, submit, review)."""

from __future__ import annotations

from desktop_app.api.client import ApiClient
from desktop_app.api.records import LabelingQueue
from desktop_app.domain.collections import CollectionsService
from desktop_app.domain.move_accepted import MovePlan, plan_move_accepted
from desktop_app.domain.outbox import Outbox
from desktop_app.domain.queue_spec import QueueSpec
from desktop_app.domain.queue_work import QueueWork, Role


class QueuesService:
    def __init__(self, api: ApiClient, outbox: Outbox | None = None) -> None:
        self._api = api
        self._outbox = outbox

    async def list(self, team_id: int, project_id: int) -> list[LabelingQueue]:
        return await self._api.queues.list(team_id, project_id=project_id)

    async def create(self, spec: QueueSpec) -> int:
        """The new queue's id."""
        return await self._api.queues.create(**spec.to_create_kwargs())

    async def edit(self, queue_id: int, changes: dict) -> LabelingQueue:
        """Change a queue (only the keys given); the stored queue comes back."""
        return await self._api.queues.edit(queue_id, changes)

    async def remove(self, queue_id: int) -> None:
        """Delete a queue; its collection and items stay."""
        await self._api.queues.remove(queue_id)

    def work(self, queue_id: int, role: Role) -> QueueWork:
        """Working a queue as a labeler or reviewer; saves go through the app's outbox."""
        return QueueWork(self._api, queue_id, role, outbox=self._outbox)

    async def plan_move_accepted(
        self,
        queue: LabelingQueue | int,
        target_collection_id: int | None,
        project_id: int,
        *,
        service: CollectionsService,
        new_name: str | None = None,
    ) -> MovePlan:
        return await plan_move_accepted(
            self._api, queue, target_collection_id, project_id, service=service, new_name=new_name
        )

"""Entities collections: the seven `entities-collections.*` methods.

A collection's items are listed through images.list with the collection
filter: `api.images.list(project_id=p, collection_id=c)`. For adding or
removing many items with progress and cancellation, see bulk.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from .base import Area, Json
from .combine_records import Combined
from .pagination import TotalCallback, list_all
from .query import with_sort
from .records import Collection, ItemsChange


class CollectionsApi(Area):
    async def create(
        self,
        project_id: int,
        name: str,
        description: str | None = None,
        *,
        type: str = "default",
        ai_search_key: str | None = None,
        options: Json | None = None,
    ) -> Collection:
        """A duplicate name in the project raises `Conflict`. `options` goes as sent (the bundled
        server keeps `sourceFilters` there: the filter a static collection was made from)."""
        body: Json = {"projectId": project_id, "name": name, "type": type}
        if description is not None:
            body["description"] = description
        if options is not None:
            body["options"] = options
        if ai_search_key is not None:
            body["meta"] = {"aiSearchKey": ai_search_key}
        created = Collection.from_json(await self._write("entities-collections.add", body))
        # A real instance answers only {id, name}: fill in what we sent.
        if created.project_id is None:
            created = dataclasses.replace(
                created, project_id=project_id, type=type, description=created.description or description or ""
            )
        return created

    async def list(
        self,
        project_id: int,
        filter: Sequence[Json] = (),
        *,
        with_meta: bool = False,
        type: str = "default",
        on_total: TotalCallback | None = None,
    ) -> list[Collection]:
        body: Json = {"projectId": project_id, "filter": list(filter), "type": type}
        if with_meta:
            body["extraFields"] = ["meta"]
        return await list_all(
            self._client, "entities-collections.list", with_sort(body), on_total=on_total, convert=Collection.from_json
        )

    async def info(self, collection_id: int, *, with_meta: bool = False) -> Collection:
        body: Json = {"id": collection_id}
        if with_meta:
            body["extraFields"] = ["meta"]
        return Collection.from_json(await self._read("entities-collections.info", body))

    async def update(self, collection_id: int, *, name: str | None = None, description: str | None = None) -> Json:
        """Rename and/or change the description; returns the server's answer as is
        (its shape is not pinned down by the protocol)."""
        body: Json = {"id": collection_id}
        if name is not None:
            body["name"] = name
        if description is not None:
            body["description"] = description
        return await self._write("entities-collections.editInfo", body)

    async def remove(self, collection_id: int, *, hard_delete: bool = False) -> None:
        """Delete the collection (never its items)."""
        await self._write("entities-collections.remove", {"id": collection_id, "hardDelete": hard_delete})

    async def add_items(
        self, collection_id: int, entity_ids: Sequence[int], *, scores: Mapping[int, float] | None = None
    ) -> ItemsChange:
        """Add items in ONE request; ids the server cannot use come back in `missing`.

        With `scores`, items are sent as `entityItems` carrying `meta.score`."""
        body: Json = {"collectionId": collection_id}
        if scores is None:
            body["entityIds"] = list(entity_ids)
        else:
            body["entityItems"] = [_entity_item(i, scores.get(i)) for i in entity_ids]
        return ItemsChange.from_json(await self._write("entities-collections.items.bulk.add", body))

    async def remove_items(self, collection_id: int, entity_ids: Sequence[int]) -> ItemsChange:
        body = {"collectionId": collection_id, "entityIds": list(entity_ids)}
        return ItemsChange.from_json(await self._write("entities-collections.items.bulk.remove", body))

    async def combine(
        self,
        project_id: int,
        operation: str,
        collection_ids: Sequence[int],
        *,
        into_name: str | None = None,
        into_description: str | None = None,
        into_id: int | None = None,
        dry_run: bool = False,
        sample: int = 12,
    ) -> Combined:
        """Union, intersection or difference of collections into a new one (`into_name`)
        or an existing one (`into_id`); the bundled server's own method
        (docs/set-operations-api.md). A dry run writes nothing and is retried as a read."""
        into: Json = {"collectionId": into_id} if into_id is not None else {"name": into_name}
        if into_description is not None and into_id is None:
            into["description"] = into_description
        body: Json = {
            "projectId": project_id,
            "operation": operation,
            "collectionIds": list(collection_ids),
            "into": into,
            "dryRun": dry_run,
            "sample": sample,
        }
        call = self._read if dry_run else self._write
        return Combined.from_json(await call("entities-collections.combine", body))


def _entity_item(entity_id: int, score: float | None) -> Json:
    item: Json = {"entityId": entity_id}
    if score is not None:
        item["meta"] = {"score": score}
    return item

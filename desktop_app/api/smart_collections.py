"""The bundled server's smart-collection methods (docs/smart-collections-api.md):
create a collection whose members the server resolves from a filter, freeze
it into a static one (and back), and read or fix a static collection's drift
from the filter it was made from. A real Supervisely instance has none of them."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Area, Json
from .records import Collection


@dataclass(frozen=True)
class Drift:
    added: int  # items matching the filter that are not members
    removed: int  # members that no longer match
    sample_added: tuple[int, ...] = ()
    sample_removed: tuple[int, ...] = ()

    @property
    def none(self) -> bool:
        return self.added == 0 and self.removed == 0

    @classmethod
    def from_json(cls, d: Json) -> Drift:
        return cls(
            int(d["added"]), int(d["removed"]), tuple(d.get("sampleAdded") or ()), tuple(d.get("sampleRemoved") or ())
        )


@dataclass(frozen=True)
class Reconciled:
    added_ids: tuple[int, ...]
    removed_ids: tuple[int, ...]


class SmartCollectionsApi(Area):
    async def create(self, project_id: int, name: str, options: Json, description: str | None = None) -> Collection:
        """`options`: the images.list filter ({"filters", "filter"}); a bad one raises InvalidInput."""
        body: Json = {"projectId": project_id, "name": name, "type": "smart", "options": options}
        if description is not None:
            body["description"] = description
        return Collection.from_json(await self._write("entities-collections.add", body))

    async def options(self, collection_id: int) -> Json:
        """The stored `options`: a smart collection's filter, or `{"sourceFilters": ...}` ({} when none)."""
        answer = await self._read("entities-collections.info", {"id": collection_id})
        options = answer.get("options")
        return options if isinstance(options, dict) else {}

    async def edit_filter(self, collection_id: int, options: Json) -> Collection:
        """A new stored filter (entities-collections.editInfo); a bad one or a cycle raises InvalidInput."""
        body = {"id": collection_id, "options": options}
        return Collection.from_json(await self._write("entities-collections.editInfo", body))

    async def freeze(self, collection_id: int) -> Collection:
        return Collection.from_json(await self._write("entities-collections.freeze", {"id": collection_id}))

    async def unfreeze(self, collection_id: int) -> Collection:
        return Collection.from_json(await self._write("entities-collections.unfreeze", {"id": collection_id}))

    async def drift(self, collection_id: int) -> Drift:
        return Drift.from_json(await self._read("entities-collections.drift", {"id": collection_id}))

    async def reconcile(self, collection_id: int, expect: Drift | None = None) -> Reconciled:
        """With `expect` (the previewed drift) a changed drift raises Conflict and nothing changes."""
        body: Json = {"id": collection_id}
        if expect is not None:
            body["expect"] = {"added": expect.added, "removed": expect.removed}
        answer = await self._write("entities-collections.reconcile", body)
        return Reconciled(tuple(answer["addedIds"]), tuple(answer["removedIds"]))

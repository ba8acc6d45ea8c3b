"""The answer of entities-collections.combine (docs/set-operations-api.md)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Json


@dataclass(frozen=True)
class Combined:
    count: int  # members of the result
    added_count: int  # result items not yet in the target (all of them for a new collection)
    added: tuple[int, ...] | None  # those ids, when written (None on a dry run)
    sample: tuple[int, ...]  # the first ids of the result
    collection_id: int | None  # the target; None on a dry run into a new collection
    created: bool
    note: str | None  # what happens when the target is one of the sources

    @classmethod
    def from_json(cls, d: Json) -> Combined:
        added = d.get("added")
        return cls(
            count=int(d["count"]),
            added_count=int(d["addedCount"]),
            added=None if added is None else tuple(int(i) for i in added),
            sample=tuple(int(i) for i in d.get("sample") or ()),
            collection_id=d.get("collectionId"),
            created=bool(d.get("created")),
            note=d.get("note"),
        )

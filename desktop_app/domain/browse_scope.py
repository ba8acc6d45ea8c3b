"""What the center of the window shows: every item of the project, one
dataset (with its nested datasets), or one collection (items from any dataset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ScopeKind = Literal["all", "dataset", "collection"]


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind = "all"
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("all", "dataset", "collection"):
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if self.kind == "all" and self.id is not None:
            raise ValueError("the 'all' scope takes no id")
        if self.kind != "all" and (not isinstance(self.id, int) or isinstance(self.id, bool) or self.id < 1):
            raise ValueError(f"a {self.kind} scope needs a positive id, got {self.id!r}")

    @classmethod
    def all(cls) -> Scope:
        return cls("all")

    @classmethod
    def dataset(cls, dataset_id: int) -> Scope:
        return cls("dataset", dataset_id)

    @classmethod
    def collection(cls, collection_id: int) -> Scope:
        return cls("collection", collection_id)

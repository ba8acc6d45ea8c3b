"""One page of a list, and what serves pages: the contract between a list's
source (the api, or an in-memory list) and the model that shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Page:
    total: int
    items: Sequence[Any]


class PageSource(Protocol):
    """Where rows come from: one call per page, 1-based, sorted as asked."""

    async def fetch(self, page: int, per_page: int, sort: tuple[str, bool] | None) -> Page: ...

"""Where the filter of each project is kept between runs (the window's settings)."""

from __future__ import annotations

from typing import Protocol

from desktop_app.domain.filters import FilterSpec


class FilterMemory(Protocol):
    def load(self, project_id: int) -> FilterSpec: ...

    def save(self, project_id: int, spec: FilterSpec) -> None: ...


class NoFilterMemory:
    """Remembers nothing: every project opens unfiltered."""

    def load(self, project_id: int) -> FilterSpec:
        return FilterSpec()

    def save(self, project_id: int, spec: FilterSpec) -> None:
        pass

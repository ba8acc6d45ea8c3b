"""How many items the list shows and how many of them are selected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectionSummary:
    total: int | None = None  # items matching; None until the first page has answered
    selected: int = 0
    all_matching: bool = False  # select-all: every matching item, loaded or not

    def __post_init__(self) -> None:
        if self.selected < 0 or (self.total is not None and self.total < 0):
            raise ValueError("counts cannot be negative")

"""Alternating runs and medians: machine noise hits both sides alike."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any


def alternate(client: Callable[[], Any], baseline: Callable[[], Any], runs: int) -> tuple[list[Any], list[Any]]:
    """client, baseline, client, baseline...; the first side swaps each round so neither always goes first."""
    mine, theirs = [], []
    for i in range(runs):
        if i % 2 == 0:
            mine.append(client())
            theirs.append(baseline())
        else:
            theirs.append(baseline())
            mine.append(client())
    return mine, theirs


def median(values: list[float]) -> float:
    return statistics.median(values)

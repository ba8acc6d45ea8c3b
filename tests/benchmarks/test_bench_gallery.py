"""Figures first_thumbnail, scroll_stall and scroll_rss: the real main window on
the running server, each run a fresh process (tools/bench/gallery.py), against
a plain QListView over the same number of rows in the same kind of process."""

from __future__ import annotations

import os

import pytest

from tools.bench import config
from tools.bench.results import Result
from tools.bench.run import python_module, timed_start
from tools.bench.stats import alternate, median


def scroll_seconds(size: int) -> float:
    """BENCH_SCROLL_SECONDS, else 30 s at a million (memory growth needs time), 10 s below."""
    return float(os.environ.get("BENCH_SCROLL_SECONDS", 30 if size >= 1_000_000 else 10))


@pytest.mark.benchmark
def test_first_thumbnail(size, bench_server, record):
    s = bench_server
    mine, theirs = alternate(
        lambda: timed_start(python_module("tools.bench.gallery", "app", s.url, s.token, 0)),
        lambda: timed_start(python_module("tools.bench.gallery", "plain", size, 0)),
        config.repeat(),
    )
    assert {r["total"] for r in mine} == {size}, "the window opened the demo project"
    record(
        Result(
            "first_thumbnail",
            size,
            median([r["startup"] for r in mine]),
            median([r["startup"] for r in theirs]),
            runs={"app": [r["startup"] for r in mine], "plain": [r["startup"] for r in theirs]},
        )
    )


@pytest.mark.benchmark
def test_scroll_stall_and_memory(size, bench_server, record):
    s, seconds = bench_server, scroll_seconds(size)
    mine, theirs = alternate(
        lambda: timed_start(python_module("tools.bench.gallery", "app", s.url, s.token, seconds)),
        lambda: timed_start(python_module("tools.bench.gallery", "plain", size, seconds)),
        config.repeat(),
    )
    note = f"{seconds:.0f} s of scrolling"
    for figure, key in (("scroll_stall", "stall_ms"), ("scroll_rss", "rss_mb")):
        record(
            Result(
                figure,
                size,
                median([r[key] for r in mine]),
                median([r[key] for r in theirs]),
                runs={"app": [r[key] for r in mine], "plain": [r[key] for r in theirs]},
                note=note,
            )
        )

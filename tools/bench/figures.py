"""Every figure `make bench` reports: what it measures, its unit and its goal.
The tests in tests/benchmarks/ record one result per figure and size; a
guard test (tests/benchmarks/test_harness.py) checks each one is collected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    what: str  # what is measured, against what baseline
    unit: str
    goal: str  # the goal in words
    met: Callable[[float, float | None, int], bool]  # (value, ratio = value / baseline, size) -> goal reached
    test: str  # the collected test that records it


FIGURES = {
    f.name: f
    for f in (
        Figure(
            "list_project",
            "every image of the project: ApiClient images.walk (by id, gallery fields) vs the SDK's api.image.get_list",
            "s",
            ">=5x faster than the SDK",
            lambda v, r, n: r is not None and r <= 1 / 5,
            "test_bench_sdk.py::test_list_project",
        ),
        Figure(
            "add_to_collection",
            "add 100,000 ids (or the whole project if smaller) to a new collection: ItemsBulk vs the SDK's add_items",
            "s",
            ">=3x faster than the SDK and <3 s",
            lambda v, r, n: r is not None and r <= 1 / 3 and v < 3.0,
            "test_bench_sdk.py::test_add_to_collection",
        ),
        Figure(
            "deep_page",
            "one 1,000-row images.list page near the end over HTTP vs raw SQL (rows, tags, count) + json.dumps",
            "s",
            "<=1.5x the raw query",
            lambda v, r, n: r is not None and r <= 1.5,
            "test_bench_page.py::test_deep_page",
        ),
        Figure(
            "evaluation_page",
            "one 1,000-row images.list page deep in the items with fp >= 1, sorted by fpCount, "
            "over HTTP vs raw SQL (rows, tags, count) + json.dumps",
            "s",
            "<=1.5x the raw query",
            lambda v, r, n: r is not None and r <= 1.5,
            "test_bench_evaluation.py::test_evaluation_page",
        ),
        Figure(
            "first_thumbnail",
            "process start -> first thumbnail painted, the real main window vs a plain QListView's first paint",
            "s",
            "<1.5 s from process start",
            lambda v, r, n: v < 1.5,
            "test_bench_gallery.py::test_first_thumbnail",
        ),
        Figure(
            "scroll_stall",
            "worst gap of a 5 ms heartbeat while wheel-scrolling, paging and jumping: gallery vs plain QListView",
            "ms",
            "<30 ms",
            lambda v, r, n: v < 30.0,
            "test_bench_gallery.py::test_scroll_stall_and_memory",
        ),
        Figure(
            "scroll_rss",
            "peak RSS over the scrolling sequence: gallery vs plain QListView",
            "MB",
            "<300 MB however long one scrolls",
            lambda v, r, n: v < 300.0,
            "test_bench_gallery.py::test_scroll_stall_and_memory",
        ),
        Figure(
            "list_per_item",
            "client listing time per item; baseline: the same at the smallest size measured (linear growth)",
            "us/item",
            "linear: within 1.5x of the smallest size",
            lambda v, r, n: r is not None and r <= 1.5,
            "test_bench_sdk.py::test_list_project",
        ),
        Figure(
            "list_rss_per_item",
            "client listing process peak RSS above its start, per item; baseline: the same at the smallest size",
            "KB/item",
            "linear: within 1.5x of the smallest size",
            lambda v, r, n: r is not None and r <= 1.5,
            "test_bench_sdk.py::test_list_project",
        ),
        Figure(
            "demo_build",
            "building the demo data dir with desktop-app-server serve --demo --demo-size N (only when built this run)",
            "s",
            "<60 s at 100,000 (no goal at other sizes)",
            lambda v, r, n: n != 100_000 or v < 60.0,
            "test_bench_data.py::test_demo_data",
        ),
    )
}

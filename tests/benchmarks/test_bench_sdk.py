"""Figures list_project and add_to_collection: the client against the official
SDK, each side in a fresh process of its own (the SDK in its own venv), runs
alternating, medians; plus the growth figures list_per_item and
list_rss_per_item from the client's listing runs."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tools.bench import config
from tools.bench.results import Result
from tools.bench.run import json_of, python_module, sdk_script
from tools.bench.stats import alternate, median

ADD_COUNT = 100_000
SMALLEST: dict[str, float] = {}  # growth figure -> its value at the smallest size measured


def _growth(figure: str, size: int, value: float) -> Result:
    if size == config.sizes()[0]:
        SMALLEST[figure] = value
    return Result(figure, size, value, SMALLEST.get(figure))


@pytest.mark.benchmark
def test_list_project(size, bench_server, sdk_python, record):
    s = bench_server
    mine, theirs = alternate(
        lambda: json_of(python_module("tools.bench.client_side", "list", s.url, s.token, s.project_id)),
        lambda: json_of(sdk_script(sdk_python, "list", s.url, s.token, s.project_id)),
        config.repeat(),
    )
    assert {r["count"] for r in mine + theirs} == {size}, "both sides must list the whole project"
    seconds = [r["seconds"] for r in mine]
    record(
        Result(
            "list_project",
            size,
            median(seconds),
            median([r["seconds"] for r in theirs]),
            runs={"client": seconds, "sdk": [r["seconds"] for r in theirs]},
        )
    )
    record(_growth("list_per_item", size, median(seconds) / size * 1e6))
    record(_growth("list_rss_per_item", size, median([r["rss_kb"] for r in mine]) / size))


@pytest.mark.benchmark
def test_add_to_collection(size, bench_server, sdk_python, record, tmp_path):
    """One call of the SDK's add_items with every id, as a user writes it; if the
    server refuses it the figure is recorded as failed with the server's words."""
    s = bench_server
    count = min(size, ADD_COUNT)
    ids_file = tmp_path / "ids.json"  # the same ids for both sides, read before the clock starts
    with sqlite3.connect(f"file:{s.sqlite}?mode=ro", uri=True) as db:
        query = "SELECT id FROM images WHERE project_id = ? ORDER BY id LIMIT ?"
        ids_file.write_text(json.dumps([row[0] for row in db.execute(query, (s.project_id, count))]))
    mine, theirs = alternate(
        lambda: json_of(python_module("tools.bench.client_side", "add", s.url, s.token, s.project_id, ids_file)),
        lambda: json_of(sdk_script(sdk_python, "add", s.url, s.token, s.project_id, ids_file)),
        config.repeat(),
    )
    failed = [r["error"] for r in mine if "error" in r]
    refused = [r["error"] for r in theirs if "error" in r]
    assert all(r["count"] == count for r in mine + theirs)
    value = None if failed else median([r["seconds"] for r in mine])
    baseline = None if refused else median([r["seconds"] for r in theirs])
    errors = [f"client: {failed[0]}"] if failed else []
    errors += [f"SDK: {refused[0]}"] if refused else []
    record(
        Result(
            "add_to_collection",
            size,
            value,
            baseline,
            runs={
                "client": [r["seconds"] for r in mine if "seconds" in r],
                "sdk": [r["seconds"] for r in theirs if "seconds" in r],
            },
            error="; ".join(errors) or None,
            note=f"{count:,} ids",
        )
    )

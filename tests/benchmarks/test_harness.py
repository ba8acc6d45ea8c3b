"""Guards of the `make bench` harness, in the default run (fast, no data built):
every figure of the registry is a collected benchmark test, the older
benchmarks still run under `make bench`, and bench-results.json has its schema.
Once `make bench` collected nothing at all; this keeps that from coming back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tools.bench import data
from tools.bench.config import ROOT
from tools.bench.figures import FIGURES
from tools.bench.results import SCHEMA_KEYS, Result, table, write

OLDER_BENCHMARKS = (
    "tests/server/test_demo.py::test_large_demo_build_time",
    "tests/server/test_images.py::test_filtered_pages_of_a_million_image_project_stay_near_a_plain_page",
    "tests/benchmarks/test_gallery_bench.py::test_gallery_against_a_plain_list_view",
)


def _bench_target() -> list[str]:
    """The pytest arguments of the Makefile's bench target."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^bench:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert recipe, "the Makefile has a bench target"
    return recipe.group(1).split("pytest", 1)[1].replace("$(PYTEST_ARGS)", "").split()


def test_make_bench_collects_every_figure_and_the_older_benchmarks():
    args = _bench_target()
    assert args[args.index("-m") + 1] == "benchmark" and args[-1] == "tests"
    env = {**os.environ, "BENCH_SIZES": "10000", "QT_QPA_PLATFORM": "offscreen"}
    paths = ["tests/benchmarks", "tests/server/test_demo.py", "tests/server/test_images.py"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "benchmark", "-p", "no:cacheprovider", *paths],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    collected = done.stdout
    assert done.returncode == 0, done.stdout + done.stderr
    for figure in FIGURES.values():
        assert f"tests/benchmarks/{figure.test}[10_000]" in collected, figure.name
    for test in OLDER_BENCHMARKS:
        assert test in collected, test
    assert "test_harness" not in collected, "the guard runs in the default run, not as a benchmark"


def test_results_file_has_one_entry_per_figure_with_its_goal(tmp_path):
    results = [
        Result("list_project", 10_000, 1.0, 6.0),  # 6x faster than the SDK: met
        Result("deep_page", 10_000, 0.3, 0.1),  # 3x the raw query: not met
        Result("add_to_collection", 10_000, 1.0, None, error="SDK: 400 too many ids"),  # baseline failed
        Result("scroll_stall", 1_000_000, None, 50.0, error="the window never painted"),
    ]
    write(results, tmp_path / "bench-results.json")
    document = json.loads((tmp_path / "bench-results.json").read_text())
    entries = document["figures"]
    assert [e["name"] for e in entries] == [
        "list_project@10000",
        "deep_page@10000",
        "add_to_collection@10000",
        "scroll_stall@1000000",
    ]
    for entry in entries:
        assert set(SCHEMA_KEYS) <= set(entry), entry
        assert isinstance(entry["met"], bool) and entry["goal"] == FIGURES[entry["figure"]].goal
    assert [e["met"] for e in entries] == [True, False, False, False]
    assert entries[0]["ratio"] == round(1 / 6, 4) and entries[2]["ratio"] is None
    assert "failed: the window never painted" in table(results)


def test_data_is_rebuilt_when_the_schema_moved_on(tmp_path, monkeypatch):
    folder = tmp_path / "10000"
    folder.mkdir()
    (folder / data.STAMP).write_text(json.dumps({"size": 10_000, "head": "an-old-head", "build_seconds": 1.0}))
    assert not data.is_current(folder, 10_000)
    (folder / data.STAMP).write_text(json.dumps({"size": 10_000, "head": data.head_revision(), "build_seconds": 1.0}))
    assert data.is_current(folder, 10_000) and not data.is_current(folder, 100_000)


def test_the_plain_list_view_lays_out_in_the_galleries_batches():
    """The scroll baseline is only fair with the gallery's batch size (the baseline
    imports no app code, so the number is written twice; this keeps them equal)."""
    from desktop_app.ui.browse.gallery_view import LAYOUT_BATCH

    source = (ROOT / "tools" / "bench" / "gallery.py").read_text()
    sizes = re.findall(r"setBatchSize\(([\d_]+)\)", source)
    assert sizes and all(int(size) == LAYOUT_BATCH for size in sizes), sizes

"""Figure evaluation_page: one 1,000-row images.list page deep in the items
with a false positive, sorted by their false-positive count, over HTTP,
against the raw SQL of the same rows, their tags and the count, on the same
SQLite file and in this process (the bench data's demo is evaluated when it
is built). A benchmark, not a timed test."""

from __future__ import annotations

import pytest

from tools.bench import config
from tools.bench.evaluation_page import deep_fp_page, http_fp_page, items_with_fp, raw_fp_page
from tools.bench.page import PER_PAGE
from tools.bench.results import Result
from tools.bench.stats import alternate, median

WARM_UP = 1  # both sides read the same pages once first, so neither pays for a cold file cache alone


@pytest.mark.benchmark
def test_evaluation_page(size, bench_server, record):
    s = bench_server
    matching = items_with_fp(s.sqlite, s.project_id)
    assert matching > 0  # the demo's false positives were evaluated when the bench data was built
    page = deep_fp_page(matching)
    for _ in range(WARM_UP):
        http_fp_page(s.url, s.token, s.project_id, page)
        raw_fp_page(s.sqlite, s.project_id, page)
    runs = max(5, config.repeat())
    mine, theirs = alternate(
        lambda: http_fp_page(s.url, s.token, s.project_id, page),
        lambda: raw_fp_page(s.sqlite, s.project_id, page),
        runs,
    )
    expected = min(PER_PAGE, matching)
    assert {rows for _, rows in mine + theirs} == {expected}
    record(
        Result(
            "evaluation_page",
            size,
            median([t for t, _ in mine]),
            median([t for t, _ in theirs]),
            runs={"http": [t for t, _ in mine], "raw_sql": [t for t, _ in theirs]},
            note=f"page {page:,} of {matching:,} items with fp >= 1, sorted by fpCount desc",
        )
    )

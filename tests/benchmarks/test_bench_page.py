"""Figure deep_page: one 1,000-row images.list page near the end of the project
over HTTP against the raw SQL of the same rows, their tags and the count,
encoded with json.dumps, on the same SQLite file and in this process."""

from __future__ import annotations

import pytest

from tools.bench import config
from tools.bench.page import PER_PAGE, deep_page, http_page, raw_page
from tools.bench.results import Result
from tools.bench.stats import alternate, median

WARM_UP = 1  # both sides read the same pages once first, so neither pays for a cold file cache alone


@pytest.mark.benchmark
def test_deep_page(size, bench_server, record):
    s = bench_server
    page = deep_page(size)
    for _ in range(WARM_UP):
        http_page(s.url, s.token, s.project_id, page)
        raw_page(s.sqlite, s.project_id, page)
    runs = max(5, config.repeat())  # one page is quick: a few more runs steady the median
    mine, theirs = alternate(
        lambda: http_page(s.url, s.token, s.project_id, page),
        lambda: raw_page(s.sqlite, s.project_id, page),
        runs,
    )
    assert {rows for _, rows in mine + theirs} == {PER_PAGE}
    record(
        Result(
            "deep_page",
            size,
            median([t for t, _ in mine]),
            median([t for t, _ in theirs]),
            runs={"http": [t for t, _ in mine], "raw_sql": [t for t, _ in theirs]},
            note=f"page {page:,}",
        )
    )

"""Figure evaluation_page: one 1,000-row images.list page deep in the items
with a false positive, sorted by their false-positive count, over HTTP,
against the raw SQL of the same rows, their tags and the count, on the same
SQLite file and in this process (the bench data's demo is evaluated when it
is built). A benchmark, not a timed test."""

from __future__ import annotations

import pytest

from tools.bench.evaluation_page import http_fp_page, items_with_fp, raw_fp_page
from tools.bench.page import PER_PAGE, deep_page, http_against_raw, page_result


@pytest.mark.benchmark
def test_evaluation_page(size, bench_server, record):
    s = bench_server
    matching = items_with_fp(s.sqlite, s.project_id)
    assert matching > 0  # the demo's false positives were evaluated when the bench data was built
    page = deep_page(matching)
    mine, theirs = http_against_raw(
        lambda: http_fp_page(s.url, s.token, s.project_id, page),
        lambda: raw_fp_page(s.sqlite, s.project_id, page),
    )
    assert {rows for _, rows in mine + theirs} == {min(PER_PAGE, matching)}
    note = f"page {page:,} of {matching:,} items with fp >= 1, sorted by fpCount desc"
    record(page_result("evaluation_page", size, mine, theirs, note))

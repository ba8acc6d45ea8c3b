"""Figure deep_page: one 1,000-row images.list page near the end of the project
over HTTP against the raw SQL of the same rows, their tags and the count,
encoded with json.dumps, on the same SQLite file and in this process."""

from __future__ import annotations

import pytest

from tools.bench.page import PER_PAGE, deep_page, http_against_raw, http_page, page_result, raw_page


@pytest.mark.benchmark
def test_deep_page(size, bench_server, record):
    s = bench_server
    page = deep_page(size)
    mine, theirs = http_against_raw(
        lambda: http_page(s.url, s.token, s.project_id, page),
        lambda: raw_page(s.sqlite, s.project_id, page),
    )
    assert {rows for _, rows in mine + theirs} == {PER_PAGE}
    record(page_result("deep_page", size, mine, theirs, f"page {page:,}"))

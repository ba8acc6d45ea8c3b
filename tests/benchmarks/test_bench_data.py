"""Figure demo_build: the data every other figure needs, built once per size."""

from __future__ import annotations

import pytest

from tools.bench.results import Result

from .conftest import BUILD_SECONDS


@pytest.mark.benchmark
def test_demo_data(size, bench_server, record):
    seconds, reused = BUILD_SECONDS[size]
    note = "data reused, built earlier" if reused else "built this run"
    record(Result("demo_build", size, seconds, note=note))
    assert bench_server.project_id > 0

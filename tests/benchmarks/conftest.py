"""The `make bench` harness: every figure is a collected `benchmark` test that
records a Result here; at the end of the session the table is printed and
bench-results.json written (tools/bench/results.py). A figure that misses its
goal is `met: false`, not a failed test: a failed test means the benchmark
itself broke.

Sizes (BENCH_SIZES) are a session-scoped parameter, so pytest runs every
figure of one size against one running server before it starts the next."""

from __future__ import annotations

import pytest

from tests.sdk.conftest import sdk_python  # noqa: F401  (the SDK's own venv, found or created the same way)
from tools.bench import config, data, server
from tools.bench.results import Result, table, write

RESULTS: list[Result] = []
BUILD_SECONDS: dict[int, tuple[float, bool]] = {}  # size -> (build seconds, reused)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "size" in metafunc.fixturenames:
        metafunc.parametrize("size", config.sizes(), scope="session", ids=lambda n: f"{n:_}")


@pytest.fixture(scope="session")
def bench_server(size: int):
    """The bundled server over this size's data dir (built on first use), on a free port."""
    BUILD_SECONDS[size] = data.ensure(size)
    running = server.start(data.data_dir(size), size)
    yield running
    server.stop(running)


@pytest.fixture
def record():
    def add(result: Result) -> Result:
        RESULTS.append(result)
        write(RESULTS, config.RESULTS_FILE)  # after each figure too: a stopped run keeps what it measured
        return result

    return add


def pytest_terminal_summary(terminalreporter) -> None:
    if RESULTS:
        terminalreporter.write_sep("=", "benchmark figures (ratio = value / baseline)")
        terminalreporter.write_line(table(RESULTS))
        terminalreporter.write_line(f"written to {config.RESULTS_FILE}")


def pytest_sessionfinish(session) -> None:
    if RESULTS:
        write(RESULTS, config.RESULTS_FILE)

"""The knobs of a benchmark run, from the environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_ROOT = Path(os.environ.get("BENCH_DATA", ROOT / ".bench-data"))  # git-ignored, reused between runs
RESULTS_FILE = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench-results.json"))
DEFAULT_SIZES = "10000,100000,1000000"


def sizes() -> list[int]:
    """BENCH_SIZES="10000,100000": the demo project sizes measured (smallest first)."""
    text = os.environ.get("BENCH_SIZES", DEFAULT_SIZES)
    return sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})


def repeat() -> int:
    """BENCH_REPEAT: runs per side; client and baseline runs alternate and the medians count."""
    return max(1, int(os.environ.get("BENCH_REPEAT", "3")))


def rebuild() -> bool:
    return os.environ.get("BENCH_REBUILD", "") not in ("", "0")


def sdk_python() -> Path:
    """The official SDK's own venv, as tests/sdk/conftest.py finds it (never the project's .venv)."""
    return Path(os.environ.get("SDK_VENV", ROOT / ".venv-sdk")) / "bin" / "python"

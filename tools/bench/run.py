"""Running one side of a figure in a fresh process and reading its JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .config import ROOT


def json_of(command: list[str], timeout: float = 1800.0) -> dict[str, Any]:
    """The last stdout line as JSON; a crash or a timeout fails the benchmark itself."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(command[:4])}... exited {done.returncode}:\n{done.stderr[-3000:]}")
    answer = json.loads(lines[-1])
    return answer


def timed_start(command: list[str], timeout: float = 600.0) -> dict[str, Any]:
    """As json_of, plus "startup": seconds from just before the process was started
    to the "painted_at" time it reports."""
    started = time.time()
    answer = json_of(command, timeout)
    answer["startup"] = answer["painted_at"] - started
    return answer


def python_module(module: str, *args: object) -> list[str]:
    return [sys.executable, "-m", module, *map(str, args)]


def sdk_script(python: Path, *args: object) -> list[str]:
    return [str(python), str(ROOT / "tools" / "bench" / "sdk_side.py"), *map(str, args)]

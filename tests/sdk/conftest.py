"""The official SDK lives in its own virtual environment (it pins httpx 0.27,
fastapi, starlette...), never in the project's. Created once in .venv-sdk at
the repository root, or taken from $SDK_VENV."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SDK_SPEC = "supervisely==6.74.*"


def _ready(venv: Path) -> bool:
    py = venv / "bin" / "python"
    return py.exists() and subprocess.run([str(py), "-c", "import supervisely"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def sdk_python() -> Path:
    venv = Path(os.environ.get("SDK_VENV", ROOT / ".venv-sdk"))
    # test workers run in parallel (pytest-xdist): one creates the venv, the others wait
    with open(str(venv) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _ready(venv):
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", SDK_SPEC], check=True, timeout=900
            )
    return venv / "bin" / "python"

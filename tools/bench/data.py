"""One bundled-server data dir per size under .bench-data/<size>/, built once
and reused while the schema (the migration head) stays the same; BENCH_REBUILD=1
builds again."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from desktop_app.server.db.schema import head_revision

from . import config, server

STAMP = "bench-stamp.json"


def data_dir(size: int) -> Path:
    return config.DATA_ROOT / str(size)


def is_current(folder: Path, size: int) -> bool:
    try:
        stamp = json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("size") == size and stamp.get("head") == head_revision()


def ensure(size: int) -> tuple[float, bool]:
    """Seconds the build took (when it was built) and whether a current data dir was reused."""
    folder = data_dir(size)
    if is_current(folder, size) and not config.rebuild():
        return json.loads((folder / STAMP).read_text())["build_seconds"], True
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    server.stop(server.start(folder, size))  # serve --demo builds the demo, then we stop it
    elapsed = time.perf_counter() - started
    (folder / STAMP).write_text(json.dumps({"size": size, "head": head_revision(), "build_seconds": elapsed}))
    return elapsed, False

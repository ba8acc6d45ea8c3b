"""Open the real main window on a running server (e.g. a --demo-size 1000000
one) and measure what a user feels: time to the total, to the first
thumbnails, a scroll to the end, and memory. `python tools/try_big_project.py
URL TOKEN`."""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.app import app_paths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.qt.app_state import AppState
from desktop_app.startup import Connection
from desktop_app.ui.window.main_window import MainWindow


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def until(condition, timeout=60.0) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.01)
    return time.perf_counter() - start


async def main(url: str, token: str) -> None:
    if os.environ.get("TRACE"):
        logging.basicConfig(level=logging.INFO, format="%(relativeCreated)6d %(message)s")
    home = Path(tempfile.mkdtemp(prefix="cdesk-big-"))
    paths = app_paths(home)
    before = rss_mb()
    state = AppState(ApiClient(url, token), paths.data_dir / "outbox.sqlite")
    window = MainWindow(
        state,
        Connection(url, token, "big", False),
        paths,
        ProfileStore(paths.profiles_file, TokenStore(paths.token_file)),
    )
    window.resize(1400, 900)
    window.show()
    t0 = time.perf_counter()
    window.start()
    await until(lambda: (window.browse.total or 0) > 0)
    t_total = time.perf_counter() - t0
    gallery = window.views.gallery
    await until(lambda: len(gallery.loader.cache) >= 10, 30)
    t_thumbs = time.perf_counter() - t0
    print(f"total {window.browse.total} known after {t_total:.2f}s; first 10 thumbnails after {t_thumbs:.2f}s")
    bar = gallery.verticalScrollBar()
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:  # a 10 ms heartbeat: a long gap is a frozen window
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(tick)
    heartbeat.start(10)
    for step in range(0, 101, 5):
        bar.setValue(int(bar.maximum() * step / 100))
        await asyncio.sleep(0.1)
    worst = max(gaps)
    t = time.perf_counter()
    await until(lambda: window.browse.model.item_at(window.browse.total - 1) is not None, 30)
    print(
        f"scroll to the end in 20 jumps: longest event-loop stall {worst * 1000:.0f} ms; last row loaded "
        f"{time.perf_counter() - t:.2f}s after the last jump"
    )
    print(f"max RSS {rss_mb():.0f} MB (start {before:.0f} MB)")
    heartbeat.stop()
    # Close inside the running loop: the window's task scopes cancel when it is destroyed,
    # and those cancellations (httpx's and anyio's too) must be delivered before the loop
    # stops, or they print "no running event loop" tracebacks at exit.
    window.close()
    window.deleteLater()
    await asyncio.sleep(0.2)
    await state.close()
    await asyncio.sleep(0.1)


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # main() closes the window itself, then the loop ends
    qasync.run(main(sys.argv[1], sys.argv[2]))

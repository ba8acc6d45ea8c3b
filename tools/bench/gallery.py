"""The gallery figures, in a fresh process like the app's own: start -> first
thumbnail painted, then the worst event-loop stall (a 5 ms heartbeat) and the
peak RSS while a scripted sequence wheel-scrolls, pages down and jumps.

    python -m tools.bench.gallery app URL TOKEN SECONDS     # the real main window on a running server
    python -m tools.bench.gallery plain ROWS SECONDS        # baseline: a plain QListView over ROWS strings

SECONDS of scrolling; 0 stops at the first thumbnail (the start-up figure).
Prints one JSON line; "painted_at" is time.time() at the first thumbnail (the
baseline: the first paint), so the parent that started us knows the whole
start-up, imports included."""

from __future__ import annotations

import os
import time

_IMPORTS_BEGIN = time.time()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import qasync  # noqa: E402
from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPoint, QPointF, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView  # noqa: E402

WINDOW = QSize(1400, 900)
HEARTBEAT_MS = 5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Current RSS, from /proc/self/statm (resident pages)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


def max_rss_mb() -> float:
    """Peak RSS of this process image (VmHWM). Not ru_maxrss: Linux keeps that across
    fork and exec, so a child of a big process (pytest) reports its parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


class FirstPaint(QObject):
    """Notes the first paint of a viewport once `armed` (after a thumbnail arrived)."""

    def __init__(self, viewport, armed: bool) -> None:
        super().__init__(viewport)
        self.armed = armed
        self.at: float | None = None
        viewport.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if self.armed and self.at is None and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._painted)  # runs right after this paint is done
        return False

    def _painted(self) -> None:
        if self.at is None:
            self.at = time.time()


class Heartbeat:
    """A 5 ms timer: the longest gap between its ticks is the worst stall; every
    20th tick samples the RSS."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.ticks = 0
        self.peak_rss = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start(HEARTBEAT_MS)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now
        self.ticks += 1
        if self.ticks % 20 == 0:
            self.peak_rss = max(self.peak_rss, rss_mb())


async def until(condition, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the gallery did not get there in time")
        await asyncio.sleep(0.005)


def wheel(view: QListView, steps: int) -> None:
    """One wheel notch down (negative steps: up) at the middle of the viewport."""
    viewport = view.viewport()
    at = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(
        at,
        QPointF(viewport.mapToGlobal(QPoint(int(at.x()), int(at.y())))),
        QPoint(0, 0),
        QPoint(0, -120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


async def scroll_sequence(view: QListView, seconds: float) -> int:
    """Wheel, page down, jump to the end, home and to places in between, until `seconds` pass."""
    deadline = time.perf_counter() + seconds
    bar = view.verticalScrollBar()
    rounds = 0
    while time.perf_counter() < deadline:
        for _ in range(15):
            wheel(view, 1)
            await asyncio.sleep(0.02)
        for _ in range(4):
            QTest.keyClick(view, Qt.Key.Key_PageDown)
            await asyncio.sleep(0.05)
        QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        await asyncio.sleep(0.2)
        for _ in range(5):
            wheel(view, -1)
            await asyncio.sleep(0.02)
        QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        await asyncio.sleep(0.2)
        bar.setValue(int(bar.maximum() * ((rounds * 0.137) % 1.0)))  # a new place each round
        await asyncio.sleep(0.2)
        rounds += 1
    return rounds


async def measure(view: QListView, first: FirstPaint, seconds: float) -> dict:
    await until(lambda: first.at is not None)
    answer: dict = {"painted_at": first.at, "imports_began": _IMPORTS_BEGIN}
    if seconds > 0:
        view.setFocus()
        beat = Heartbeat()
        answer["rounds"] = await scroll_sequence(view, seconds)
        beat.timer.stop()
        answer["stall_ms"] = beat.worst * 1000
        answer["rss_mb"] = max(beat.peak_rss, max_rss_mb())
        answer["rss_end_mb"] = rss_mb()
    return answer


# --- the real main window --------------------------------------------------------------------------


async def app_main(url: str, token: str, seconds: float) -> dict:
    from desktop_app.api.client import ApiClient
    from desktop_app.app import app_paths
    from desktop_app.config.profiles import ProfileStore
    from desktop_app.config.tokens import TokenStore
    from desktop_app.qt.app_state import AppState
    from desktop_app.qt.gc_policy import settle_after_start
    from desktop_app.startup import Connection
    from desktop_app.ui.window.main_window import MainWindow

    paths = app_paths(Path(tempfile.mkdtemp(prefix="cdesk-bench-")))
    state = AppState(ApiClient(url, token), paths.data_dir / "outbox.sqlite")
    window = MainWindow(
        state,
        Connection(url, token, "bench", False),
        paths,
        ProfileStore(paths.profiles_file, TokenStore(paths.token_file)),
    )
    window.resize(WINDOW)
    gallery = window.views.gallery
    first = FirstPaint(gallery.viewport(), armed=False)
    gallery.loader.thumbnailReady.connect(lambda _id: setattr(first, "armed", True))
    window.show()
    window.start()
    settle_after_start()  # as app_lifetime does once the window is up
    try:
        answer = await measure(gallery, first, seconds)
        answer["total"] = window.browse.total
        return answer
    finally:
        await shut_down(window, state)


async def shut_down(window, state) -> None:
    """Close as the app does, but inside the running loop: the window's task scopes
    cancel when it is destroyed, and the cancellations (httpx's and anyio's
    included) must be delivered before the loop stops, or they print "no running
    event loop" tracebacks at exit."""
    window.close()
    window.deleteLater()
    await asyncio.sleep(0.2)  # the deferred delete and the cancellations it starts
    await state.close()
    await asyncio.sleep(0.1)  # the client's own cancellation callbacks


# --- the baseline: a plain QListView ---------------------------------------------------------------


class PlainModel(QAbstractListModel):
    """The least a list model can do: a count and a string per row."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else self.rows

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"img_{index.row():07d}.jpg" if role == Qt.ItemDataRole.DisplayRole else None


async def plain_main(rows: int, seconds: float) -> dict:
    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setMovement(QListView.Movement.Static)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    # Batched like the gallery, so it never lays out a million rows in one go (Qt's default froze
    # 3.3 s on Ctrl+End), with the gallery's LAYOUT_BATCH (1,000). Not imported: the baseline
    # imports no app code; tests/benchmarks/test_harness.py checks the two agree.
    view.setBatchSize(1_000)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setGridSize(QSize(172, 201))
    view.setModel(PlainModel(rows))
    view.resize(WINDOW)
    first = FirstPaint(view.viewport(), armed=True)
    view.show()
    answer = await measure(view, first, seconds)
    answer["total"] = rows
    return answer


def main(argv: list[str]) -> None:
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # we close the window ourselves, then the loop ends
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if argv[0] == "app":
        work = app_main(argv[1], argv[2], float(argv[3]))
    else:
        work = plain_main(int(argv[1]), float(argv[2]))
    with loop:
        answer = loop.run_until_complete(work)
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

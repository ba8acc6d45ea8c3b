"""Run Python's garbage collector on the GUI thread only.

The embedded server runs in a thread of the app's own process. Automatic
collection can start in that thread and free Qt objects there; Qt then
delivers a timer event to a deleted object and the process crashes (seen in
tests, confirmed in gdb: ~QObject on the server thread). So automatic
collection is switched off and a GUI-thread timer collects instead, by the
same generation thresholds Python would use."""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

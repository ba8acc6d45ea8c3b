import gc

from desktop_app.qt.gc_on_gui_thread import GuiThreadGarbageCollector


def test_collects_on_the_gui_thread_by_threshold(qtbot):
    collector = GuiThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        class Cycle:
            pass
        for _ in range(collector.threshold[0] + 50):
            a, b = Cycle(), Cycle()
            a.b, b.a = b, a
        assert gc.get_count()[0] > collector.threshold[0]
        qtbot.waitUntil(lambda: gc.get_count()[0] < collector.threshold[0], timeout=2000)
    finally:
        collector.stop()
    assert gc.isenabled()

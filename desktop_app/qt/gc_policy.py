"""Python's garbage collector kept off the scroll path.

A full collection walks every tracked object: after start-up that is the
modules, the widgets' wrappers and the first pages, and on the GUI thread it
froze the gallery for 125-177 ms at a time while scrolling a million items.
Once the window is up, `settle_after_start()` collects once and freezes what
is there (`gc.freeze()`: those objects are never walked again; they are still
freed by reference counting), and raises the first threshold so young
collections come less often. What is created later (pages, thumbnails) is
bounded by the item model's page window, so later full collections stay small.

Only the app calls this (app_lifetime.py, and the bench that imitates it):
tests leave the collector alone, since frozen objects in a long test process
would never have their cycles collected."""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # allocations between young collections (Python's default: 700)
MIDDLE_THRESHOLD = 10  # young collections per middle one (the default)
OLD_THRESHOLD = 10  # middle collections per full one (the default; Python adds its own 25% rule)

settled_times = 0  # how often settle_after_start() ran: the tests' collector hook needs to know


def settle_after_start() -> None:
    """Collect once, freeze the long-lived objects, and raise the young threshold.
    Again for another window (File → Connect): what the last one froze is collectable again first."""
    global settled_times
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
    settled_times += 1

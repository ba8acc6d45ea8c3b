"""Next/previous in a viewer when the list may be read again underneath it.

An edit (a collection's items changed, a save that moves the item out of the
filter) makes the main window's list be read again; until it answers it has
no rows, and a step taken then would say "This is the last item of the list."
So a step waits for the list to be current first (domain/item_sequence.py)."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.domain.item_sequence import ItemSequence
from desktop_app.qt.tasks import TaskScope


def step_when_current(
    scope: TaskScope, sequence: ItemSequence, still_ours: Callable[[], bool], step: Callable[[], None]
) -> None:
    """`step()` now when the list's count is current, else once it is (if the viewer still shows that list)."""
    if sequence.is_current():
        step()
        return

    async def later() -> None:
        await sequence.current()
        if still_ours():
            step()

    scope.start(later(), key="step")

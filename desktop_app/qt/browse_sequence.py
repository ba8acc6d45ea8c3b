"""The BrowseController's list as an ItemSequence for the item viewer: in the
order the gallery and the table show it (scope, filter and sort included).
Rows not loaded yet are loaded through the same model the views use (its
pages, latest request wins), so the viewer never holds a second copy of the list."""

from __future__ import annotations

import asyncio

from desktop_app.api.records import Image
from desktop_app.qt.browse_controller import BrowseController

PAGE_WAIT = 15.0  # seconds to wait for a page of the list before giving up


class BrowseSequence:
    def __init__(self, controller: BrowseController) -> None:
        self.controller = controller

    def count(self) -> int:
        return self.controller.model.rowCount()

    def index_of(self, item_id: int) -> int | None:
        return self.controller.model.row_of(item_id)

    def is_current(self) -> bool:
        return self.controller.model.counted

    async def current(self) -> None:
        """Until the list read again has answered (its count is known), or it failed, or PAGE_WAIT."""
        model = self.controller.model
        if model.counted:
            return
        answered = asyncio.Event()

        def settle(*_: object) -> None:
            answered.set()

        signals = (model.totalChanged, model.pageLoaded, model.loadFailed)
        for signal in signals:
            signal.connect(settle)
        try:
            await asyncio.wait_for(answered.wait(), PAGE_WAIT)
        except TimeoutError:
            pass  # the caller sees the rows there are
        finally:
            for signal in signals:
                signal.disconnect(settle)

    async def item_at(self, index: int) -> Image | None:
        """The item at a row, loading its page when needed; None past the end or when
        the list was replaced (another filter) while waiting."""
        model = self.controller.model
        item = model.item_at(index)
        if item is not None or not 0 <= index < model.rowCount():
            return item
        generation = model.generation
        arrived = asyncio.Event()
        failed: list[str] = []

        def page_loaded(*_: object) -> None:
            arrived.set()

        def load_failed(text: str) -> None:
            failed.append(text)
            arrived.set()

        model.pageLoaded.connect(page_loaded)
        model.modelReset.connect(page_loaded)
        model.loadFailed.connect(load_failed)
        try:
            model.ensure_loaded(index)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + PAGE_WAIT
            while model.generation == generation and model.item_at(index) is None:
                arrived.clear()
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return None
                try:
                    await asyncio.wait_for(arrived.wait(), remaining)
                except TimeoutError:
                    return None
                if failed:
                    return None  # the model shows the error; the viewer stays where it is
            return model.item_at(index) if model.generation == generation else None
        finally:
            model.pageLoaded.disconnect(page_loaded)
            model.modelReset.disconnect(page_loaded)
            model.loadFailed.disconnect(load_failed)

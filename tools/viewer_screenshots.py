"""Render the annotation screens to PNG (offscreen), for the README and for
looking at them: `python tools/viewer_screenshots.py [OUT_DIR]`.

The bundled server with the demo project in a temporary folder; the item
viewer on an image with ground truth and predictions (viewer.png), the box
editor with a selected box and its handles in the Select tool (editor.png,
the README's), a box being drawn in the Draw tool (editor-draw.png), a confidence of 1.5
refused next to its field (editor-confidence.png), and the
queue work window of a reviewer (queue-reviewer.png)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.startup import start_embedded
from desktop_app.ui.queues.queue_work_window import QueueWorkWindow
from desktop_app.ui.viewer.item_viewer import ItemViewer


async def wait_for(condition, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready")
        await asyncio.sleep(0.05)


async def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="cdesk-viewer-shots-"))
    connection = start_embedded(home / "server", demo_size=120)
    state = AppState(ApiClient(connection.address, connection.token), home / "outbox.sqlite")
    state.start()
    user = await state.connect_user()
    team = (await state.api.teams.list())[0]
    project = next(p for p in await state.api.projects.list(team_id=team.id) if p.type == "images")
    await state.open_project(project.id)

    browse = BrowseController(state)
    await wait_for(lambda: browse.total is not None and browse.model.item_at(0) is not None)
    row = next(
        r
        for r in range(browse.model.rowCount())
        if (item := browse.model.item_at(r)) is not None and item.labels_count >= 6
    )
    viewer = ItemViewer(state, BrowseSequence(browse))
    viewer.resize(1280, 820)
    viewer.show()
    viewer.open_index(row)
    await wait_for(lambda: viewer.editor.draft is not None and not viewer.loading)
    await asyncio.sleep(0.3)
    viewer.grab().save(str(out / "viewer.png"))

    truth = next(f for f in viewer.editor.draft.figures if not f.is_prediction)
    viewer.scene.set_current(truth.key)
    viewer.view.set_zoom(1.6)
    viewer.view.centerOn(viewer.scene.box(truth.key).rect().center())
    await asyncio.sleep(0.2)
    viewer.grab().save(str(out / "editor.png"))
    viewer.editor.object_tags.choose("confidence", "1.5")  # refused in place (editor-confidence.png)
    viewer.editor.object_tags.add_button.click()
    await asyncio.sleep(0.1)
    viewer.grab().save(str(out / "editor-confidence.png"))
    viewer.editor.object_tags.value_edit.clear()

    viewer.editor.set_tool("draw")  # a drawing in progress: the mouse held down mid-drag
    box = viewer.scene.box(truth.key).rect()
    viewport = viewer.view.viewport()
    start = viewer.view.mapFromScene(QPointF(box.right() + 20, box.top() + 10))
    end = viewer.view.mapFromScene(QPointF(box.right() + 120, box.bottom()))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, end)
    await asyncio.sleep(0.2)
    viewer.grab().save(str(out / "editor-draw.png"))
    viewer.editor.tool.cancel()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    viewer.editor.discard()
    viewer.close()

    ids = [browse.model.item_at(r).id for r in range(row, row + 3)]
    collection = await state.api.collections.create(project.id, "Hard cases")
    await state.api.collections.add_items(collection.id, ids)
    queue_id = await state.api.queues.create(
        "Fix false positives", [user.id], [user.id], collection_id=collection.id, allow_review_own_annotations=True
    )
    for _ in ids:  # label and submit everything, so the reviewer has work
        entity = await state.api.queues.take_next(queue_id)
        await state.api.queues.submit(queue_id, entity.id)
    queue = await state.api.queues.info(queue_id)
    window = QueueWorkWindow(state, queue, "reviewer")
    window.resize(1280, 860)
    window.show()
    await wait_for(
        lambda: window.entity is not None and window.viewer.current_id == window.entity.id and not window._busy
    )
    await asyncio.sleep(0.4)
    window.grab().save(str(out / "queue-reviewer.png"))
    window.close()
    await state.close()
    connection.stop()


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    application = QApplication(sys.argv[:1])
    application.setQuitOnLastWindowClosed(False)  # closing the viewer must not stop the event loop here
    qasync.run(main(out_dir))

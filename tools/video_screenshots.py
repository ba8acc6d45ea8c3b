"""Render the video screens to PNG (offscreen), for looking at them:
`python tools/video_screenshots.py [OUT_DIR]`.

The bundled server (in this process, on a temporary SQLite file) with the
image demo and the test video project of tests/qt/video_fixtures.py (clips
of a moving square with car, prediction and person boxes); the main window's
gallery and table on the video project, and the video viewer on a frame with
ground truth, a prediction and a person box, with a box selected."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test fixtures build the video project

import httpx
import qasync
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.server.demo import build_demo
from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings
from desktop_app.ui.browse.item_views import ItemViews
from desktop_app.ui.video.video_viewer import VideoViewer
from tests.conftest import Live
from tests.qt.video_fixtures import build_video_project


class _Demo:  # what build_video_project reads of the demo fixture
    def __init__(self, summary) -> None:
        self.summary = summary


async def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready")
        await asyncio.sleep(0.05)


async def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="cdesk-video-shots-"))
    server = EmbeddedServer(ServerSettings(db_url=f"sqlite:///{home / 'db.sqlite'}", data_dir=home / "data")).start()
    with httpx.Client(base_url=server.url) as http:
        live = Live(server, http)
        with live.sessions()() as s, s.begin():
            summary = build_demo(s, size=24)
        project = build_video_project(live, _Demo(summary))
    state = AppState(ApiClient(server.url, summary.token), home / "outbox.sqlite", cache_dir=home / "cache")
    state.start()
    await state.connect_user()
    await state.open_project(project.project_id)

    browse = BrowseController(state)
    views = ItemViews(browse)
    views.resize(1000, 560)
    views.show()
    await wait_for(lambda: browse.total == 4 and browse.model.item_at(3) is not None)
    views.set_show_boxes(True)
    await asyncio.sleep(2.0)  # thumbnails and their boxes
    views.grab().save(str(out / "video-gallery.png"))
    views.set_view_mode("table")
    await asyncio.sleep(0.5)
    views.grab().save(str(out / "video-table.png"))

    viewer = VideoViewer(state, BrowseSequence(browse))
    viewer.resize(1280, 820)
    viewer.show()
    viewer.open_index(0)
    await wait_for(lambda: viewer.editor.draft is not None and not viewer.loading)
    viewer.show_frame(14)
    await wait_for(lambda: viewer.shown_frame == 14)
    person = next(b.figure for b in viewer.scene.boxes() if b.figure.class_title == "person")
    viewer.scene.set_current(person.key)
    await asyncio.sleep(0.3)
    viewer.grab().save(str(out / "video-viewer.png"))
    viewer.close()
    await state.close()
    server.stop(wait=False)


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    application = QApplication(sys.argv[:1])
    qasync.run(main(out_dir))

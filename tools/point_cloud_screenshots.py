"""Render the point-cloud viewer to PNG, for the README and for looking at it:
`python tools/point_cloud_screenshots.py [OUT_DIR]`.

The bundled server (in this process, on a temporary SQLite file) with the
demo and a "Street scans" point-cloud project (50k points a cloud, cuboids
of ground truth and predictions, as tests/ui/point_cloud_world.py builds
it); the viewer on its first cloud, in the whole view and from the top.

Which view it shows is the viewer's own choice: the 3D view where OpenGL
works, e.g. `QT_QPA_PLATFORM=xcb xvfb-run -a python tools/point_cloud_screenshots.py`
(Mesa's software GL), the 2D projection offscreen (the default here). The
files are named after it: point-cloud-3d-*.png or point-cloud-2d-*.png."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' world builder

import httpx
import qasync
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.browse_sequence import BrowseSequence
from desktop_app.server.demo import build_demo
from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings
from desktop_app.ui.point_cloud.point_cloud_viewer import PointCloudViewer
from desktop_app.ui.point_cloud.projection_view import ProjectionView
from tests.ui.point_cloud_world import annotation_of, seed_street_scans

POINTS = 50_000


async def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get ready")
        await asyncio.sleep(0.05)


def grab(viewer: PointCloudViewer) -> QPixmap:
    """The window as on screen: QWidget.grab() leaves out what the 3D view paints over its
    GL picture (the labels), its own framebuffer grab has them."""
    picture = viewer.grab()
    if not isinstance(viewer.view, ProjectionView):
        painter = QPainter(picture)
        painter.drawImage(viewer.view.mapTo(viewer, QPoint(0, 0)), viewer.view.grabFramebuffer())
        painter.end()
    return picture


async def main(out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="cdesk-pcd-shots-"))
    server = EmbeddedServer(ServerSettings(db_url=f"sqlite:///{home / 'server.sqlite'}", data_dir=home / "data"))
    server.start()
    sessions = server.app.state.sessions
    with sessions() as s, s.begin():
        summary = build_demo(s, size=20)
    project_id, _dataset_id, ids = seed_street_scans(
        sessions, server.settings, summary.workspace_id, summary.team_id, home, clouds=3, points=POINTS
    )
    with httpx.Client(base_url=server.url, headers={"x-api-key": summary.token}) as http:
        for i, cloud_id in enumerate(ids):
            body = {"pointCloudId": cloud_id, "annotation": annotation_of(i)}
            http.post("/public/api/v3/point-clouds.annotations.save", json=body).raise_for_status()

    state = AppState(ApiClient(server.url, summary.token), home / "outbox.sqlite")
    state.start()
    await state.open_project(project_id)
    browse = BrowseController(state)
    await wait_for(lambda: browse.total is not None and browse.model.item_at(0) is not None)
    viewer = PointCloudViewer(state, BrowseSequence(browse))
    viewer.resize(1400, 860)
    viewer.show()
    viewer.open_index(0)
    await wait_for(lambda: viewer.editor.draft is not None and not viewer.loading)
    mode = "2d" if isinstance(viewer.view, ProjectionView) else "3d"
    await asyncio.sleep(0.5)
    grab(viewer).save(str(out / f"point-cloud-{mode}-viewer.png"))
    viewer.view.show_view("top")
    await asyncio.sleep(0.3)
    grab(viewer).save(str(out / f"point-cloud-{mode}-top.png"))
    viewer.view.show_view("side")
    await asyncio.sleep(0.3)
    grab(viewer).save(str(out / f"point-cloud-{mode}-side.png"))
    print("\n".join(str(p) for p in sorted(out.glob(f"point-cloud-{mode}-*.png"))))
    viewer.close()
    await state.close()
    server.stop(wait=False)


if __name__ == "__main__":
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    application = QApplication(sys.argv[:1])
    application.setQuitOnLastWindowClosed(False)
    qasync.run(main(out_dir))

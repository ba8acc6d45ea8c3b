"""Export collection… on a video project (the video demo, on the real server):
the dialog offers the Supervisely video layout (and says why COCO and YOLO are
not there), the export runs with progress, and the folder imports back into
the same videos, tags, objects and boxes; the app's export of a point-cloud
collection (over HTTP) imports back the same way."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop_app.api.client import ApiClient
from desktop_app.domain.services.export import ExportChoice, ExportService
from desktop_app.qt.app_state import AppState
from desktop_app.server.db.models import Image, Project, Team, User, Workspace
from desktop_app.server.demo.point_clouds import build_point_cloud_demo
from desktop_app.server.demo.videos import build_video_demo
from desktop_app.server.importing.importer import import_folder
from desktop_app.ui.collections.export_dialog import ExportDialog
from tests.server.test_cli_export_video import clouds_by_name, meta_of, videos_by_name
from tests.ui.collection_helpers import make_collection, run
from tests.ui.test_export_dialog import actions_for, open_dialog, progress_seen


@pytest.fixture
def demo_video_state(qloop, qtbot, live, demo, tmp_path):
    """An AppState with the video demo project open."""
    with live.sessions()() as s, s.begin():
        project_id = build_video_demo(s).project_id
    state = AppState(ApiClient(demo.url, demo.token), tmp_path / "outbox.sqlite", cache_dir=tmp_path / "cache")
    state.start()
    run(qtbot, qloop, state.open_project(project_id))
    yield state
    closing = qloop.create_task(state.close())
    qtbot.waitUntil(closing.done, timeout=10000)


def test_a_video_collection_exports_and_imports_back_the_same(demo_video_state, live, qtbot, qloop, tmp_path):
    state = demo_video_state
    videos = run(qtbot, qloop, state.api.videos.list(project_id=state.project.id))
    ids = sorted(v.id for v in videos)[1::2]  # three clips, from both datasets
    clips = make_collection(qtbot, qloop, state, "Clips", ids)
    out = tmp_path / "exports"
    out.mkdir()
    actions = actions_for(qtbot, state, tmp_path, clips)
    seen = progress_seen(state)

    dialog = open_dialog(qtbot, actions, clips, out)
    formats = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert formats == ["supervisely", "ids-csv", "ids-json"]  # no COCO or YOLO for videos, and it says why
    assert "Supervisely video project" in dialog.format_box.currentText()
    assert not dialog.image_only_note.isHidden() and "COCO and YOLO" in dialog.image_only_note.text()
    assert dialog.copy_images.text() == "Copy the videos into the export" and dialog.copy_images.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: actions.message is not None, timeout=30000)

    folder = out / "Clips (supervisely)"
    assert actions.message.icon() == QMessageBox.Icon.Information, actions.message.text()
    assert actions.message.text().startswith("Exported 3 items") and "3 video files" in actions.message.text()
    assert sorted(p.name for p in out.iterdir()) == ["Clips (supervisely)"]
    assert len(list(folder.glob("*/video/*.mp4"))) == 3 and len(list(folder.glob("*/ann/*.mp4.json"))) == 3
    assert json.loads((folder / "meta.json").read_text())["projectType"] == "videos"
    labels = [s for s in seen if s[0] == "Exporting “Clips”"]
    assert labels and labels[-1][1:] == (3, 3)

    with live.sessions()() as s, s.begin():
        team = s.scalar(select(Team).order_by(Team.id))
        workspace = s.scalar(select(Workspace).where(Workspace.team_id == team.id).order_by(Workspace.id))
        back = import_folder(s, live.server.app.state.settings, folder, "Back", team, workspace, s.scalar(select(User)))
    with live.sessions()() as s:
        assert s.get(Project, back).type == "videos"
        back_ids = list(s.scalars(select(Image.id).where(Image.project_id == back)))
        assert meta_of(s, back) == meta_of(s, state.project.id)
        before, after = videos_by_name(s, ids), videos_by_name(s, back_ids)
    assert after == before and len(after) == 3


def test_point_cloud_dialog_offers_the_point_cloud_layout(qtbot):
    from desktop_app.api.records import Collection

    dialog = ExportDialog(Collection(id=1, name="Scans", project_id=1), "point_clouds")
    qtbot.addWidget(dialog)
    assert [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())] == [
        "supervisely",
        "ids-csv",
        "ids-json",
    ]
    assert "point-cloud" in dialog.format_box.currentText() and "point clouds" in dialog.image_only_note.text()


def test_a_point_cloud_collection_exports_from_the_app_and_imports_back(live, demo, qtbot, qloop, tmp_path):
    settings = live.server.app.state.settings
    with live.sessions()() as s, s.begin():
        project_id = build_point_cloud_demo(s, settings)
    api = ApiClient(demo.url, demo.token)
    project = run(qtbot, qloop, api.projects.info(project_id))
    clouds = run(qtbot, qloop, api.point_clouds.list(project_id=project_id))
    ids = sorted(c.id for c in clouds)[::3]
    collection = run(qtbot, qloop, api.collections.create(project_id, "Scans"))
    run(qtbot, qloop, api.collections.add_items(collection.id, ids))
    seen: list[tuple[int, int]] = []
    choice = ExportChoice("supervisely", tmp_path)
    result = run(
        qtbot, qloop, ExportService(api).export_collection(project, collection, choice, lambda *p: seen.append(p))
    )
    run(qtbot, qloop, api.aclose())
    assert result.folder == tmp_path / "Scans (supervisely)" and seen[-1] == (len(ids), len(ids))
    assert len(list(result.folder.glob("*/pointcloud/*.pcd"))) == len(ids)

    with live.sessions()() as s, s.begin():
        team = s.scalar(select(Team).order_by(Team.id))
        workspace = s.scalar(select(Workspace).where(Workspace.team_id == team.id).order_by(Workspace.id))
        back = import_folder(s, settings, result.folder, "Back", team, workspace, s.scalar(select(User)))
    with live.sessions()() as s:
        back_ids = list(s.scalars(select(Image.id).where(Image.project_id == back)))
        assert meta_of(s, back) == meta_of(s, project_id)
        before, after = clouds_by_name(s, ids), clouds_by_name(s, back_ids)
    assert after == before and len(after) == len(ids) and any(entry[2] for entry in after.values())

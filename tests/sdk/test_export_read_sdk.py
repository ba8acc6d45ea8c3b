"""The official SDK, unchanged, reads the Supervisely video and point-cloud
exports (desktop-app-server export) as its own project folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.server.db.models import AnnotationObject, Figure, Image
from tests.sdk.test_sdk_compat import run_script
from tests.server.test_cli_export_video import cli, demo_db  # noqa: F401  (demo_db is a fixture)

pytestmark = pytest.mark.sdk


def counts(s, ids: list[int]) -> dict[str, dict[str, int]]:
    out = {}
    for item in s.scalars(select(Image).where(Image.id.in_(ids))):
        objects = s.scalar(
            select(func.count()).select_from(AnnotationObject).where(AnnotationObject.image_id == item.id)
        )
        figures = s.scalar(select(func.count()).select_from(Figure).where(Figure.image_id == item.id))
        out[item.name] = {"objects": objects or 0, "figures": figures or 0}
    return out


@pytest.fixture
def db_url(sqlite_url: str) -> str:  # demo_db's database: SQLite is enough here
    return sqlite_url


def test_the_sdk_reads_the_video_and_point_cloud_exports(demo_db, db_url, sdk_python, tmp_path: Path, capsys):  # noqa: F811
    sessions, picked = demo_db
    folders = {}
    for kind, name in (("videos", "Clips"), ("point_clouds", "Scans")):
        code, _, err = cli(
            capsys, db_url, tmp_path, "export", "--collection", str(picked[kind][0]), "--format", "supervisely",
            "--out", str(tmp_path / "out"),
        )  # fmt: skip
        assert code == 0, err
        folders[kind] = tmp_path / "out" / f"{name} (supervisely)"
    read = run_script(
        sdk_python,
        "export_read_script.py",
        "http://127.0.0.1:9",  # not called: the script reads folders only
        "unused",
        VIDEO_FOLDER=folders["videos"],
        CLOUD_FOLDER=folders["point_clouds"],
    )
    with sessions() as s:
        for kind in ("videos", "point_clouds"):
            expected = counts(s, picked[kind][1])
            got = read[kind]
            assert got["type"] == kind
            assert {n: {"objects": i["objects"], "figures": i["figures"]} for n, i in got["items"].items()} == expected
            assert got["figure_keys"] == sum(c["figures"] for c in expected.values())
    assert any(i["frame_ranges"] for i in read["videos"]["items"].values())  # video tags on some frames

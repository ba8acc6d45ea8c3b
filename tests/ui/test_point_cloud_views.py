"""The point-cloud views on a known local cloud (a real .pcd written with
pypcd4 and read back the app's way): the 2D projection draws every point and
each cuboid's outline where its x, y put it, in its class colour; its
cameras (reset, top, side, front) rearrange the panes. The 3D view (only
where OpenGL works: run under Xvfb with QT_QPA_PLATFORM=xcb) holds every
point and one wireframe per cuboid, and its cameras move."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from desktop_app.api.annotation_records import ObjClass, ProjectMeta
from desktop_app.domain.point_clouds.drawn_cuboids import drawn_cuboids
from desktop_app.domain.point_clouds.pcd_file import read_pcd
from desktop_app.domain.point_clouds.point_colors import point_colors
from desktop_app.ui.point_cloud.opengl_check import opengl_problem
from desktop_app.ui.point_cloud.projection_view import ProjectionView
from tests.point_cloud_samples import SAMPLE_BOXES, sample_annotation, scene_points, write_pcd

META = ProjectMeta(
    classes=(
        ObjClass(1, "car", "cuboid_3d", "#E53935"),
        ObjClass(2, "pedestrian", "cuboid_3d", "#1E88E5"),
        ObjClass(3, "car_pred", "cuboid_3d", "#FDD835"),
    )
)
N = 20_000


@pytest.fixture
def cloud(tmp_path: Path):
    xyz, intensity = scene_points(N, SAMPLE_BOXES)
    points = read_pcd(write_pcd(tmp_path / "scene.pcd", xyz, intensity))
    return points, point_colors(points)


def near(image: QImage, x: float, y: float, color: str, radius: int = 2) -> bool:
    """Some pixel within `radius` of (x, y) has about this colour (antialiasing blends edges)."""
    want = QColor(color)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            got = image.pixelColor(int(round(x)) + dx, int(round(y)) + dy)
            if all(abs(a - b) <= 40 for a, b in zip(got.getRgb()[:3], want.getRgb()[:3], strict=True)):
                return True
    return False


def test_the_projection_draws_every_point_and_the_cuboids_where_they_are(qtbot, cloud):
    points, colors = cloud
    view = ProjectionView("no OpenGL here.")
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_cloud(points.xyz, colors)
    view.set_cuboids(drawn_cuboids(sample_annotation(), META))
    assert view.point_count == N and view.top.point_count == N and view.elevation.point_count == N
    assert "no OpenGL here." in view.note.text()

    pane = view.top
    image = pane.grab().toImage()
    # where the car (x 3..7, y 2..4) must be, from the cloud's own bounds: equal scale, centred
    low, high = points.xyz.min(axis=0), points.xyz.max(axis=0)
    scale = min((pane.width() - 16) / (high[0] - low[0]), (pane.height() - 16) / (high[1] - low[1]))
    mid = (low + high) / 2

    def pixel(x: float, y: float) -> tuple[float, float]:
        return pane.width() / 2 + (x - mid[0]) * scale, pane.height() / 2 - (y - mid[1]) * scale

    left, top = pixel(3, 4)
    right, bottom = pixel(7, 2)
    assert near(image, left, (top + bottom) / 2, "#E53935"), "the car's left edge in red"
    assert near(image, (left + right) / 2, bottom, "#E53935"), "the car's bottom edge in red"
    assert not near(image, (left + right) / 2, bottom + 40, "#E53935")  # nothing red below it
    ped_left, ped_top = pixel(-8.4, -3.6)
    assert near(image, ped_left, ped_top + 3, "#1E88E5"), "the pedestrian's outline in blue"
    rect = pane.cuboid_rect(view.top.cuboids[0])
    assert abs(rect.left() - left) < 1 and abs(rect.bottom() - bottom) < 1


def test_the_projection_cameras_rearrange_the_panes(qtbot, cloud):
    points, colors = cloud
    view = ProjectionView("no OpenGL here.")
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_cloud(points.xyz, colors)
    top_size, below_size = view.splitter.sizes()
    view.show_view("top")
    assert view.splitter.sizes()[0] > top_size and view.view_name == "top"
    view.show_view("front")
    assert view.elevation.plane == "front" and view.splitter.sizes()[1] > below_size
    assert view.elevation.point_count == N
    view.top.zoom(4.0)
    zoomed = view.top.scale
    view.reset_view()
    assert view.elevation.plane == "side" and view.top.scale < zoomed and view.view_name == "reset"


def test_the_3d_view_holds_the_points_and_a_wireframe_per_cuboid(qtbot, cloud):
    if opengl_problem() is not None:
        pytest.skip(f"no OpenGL: {opengl_problem()}")
    from desktop_app.ui.point_cloud.gl_cloud_view import GLCloudView

    points, colors = cloud
    view = GLCloudView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.set_cloud(points.xyz, colors)
    drawn = drawn_cuboids(sample_annotation(), META)
    view.set_cuboids(drawn)
    assert view.point_count == N and len(view.points_item.pos) == N
    assert len(view.box_items) == 3 and len(view.label_items) == 3
    solid = view.box_items[0]
    assert len(solid.pos) == 24 and solid.color[:3] == pytest.approx(QColor("#E53935").getRgbF()[:3])
    assert len(view.box_items[2].pos) > 24  # the prediction is dashed
    cameras = {}
    for name in ("top", "side", "front", "reset"):
        view.show_view(name)
        cameras[name] = view.camera()[:2]
    assert cameras["top"][0] == 90 and cameras["side"] == (0, -90) and cameras["front"] == (0, 0)
    assert len(set(cameras.values())) == 4
    frame = view.grabFramebuffer()
    assert not frame.isNull()
    arr = np.array([[frame.pixelColor(x, y).red() for x in range(0, 800, 20)] for y in range(0, 600, 20)])
    assert arr.max() > 60  # something was drawn on the dark background

"""Point clouds without Qt: a .pcd file read into arrays (pypcd4 writes it, as
any tool would), a bad file refused in words, cuboid corners and dashes,
point colours, and the file cache keeping only complete files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from desktop_app.api.point_cloud_records import Cuboid
from desktop_app.domain.point_clouds.cuboid_geometry import corners, dashed, edge_segments, projected_edges
from desktop_app.domain.point_clouds.file_cache import FileCache
from desktop_app.domain.point_clouds.pcd_file import UnreadableCloud, read_pcd
from desktop_app.domain.point_clouds.point_colors import point_colors
from tests.point_cloud_samples import SAMPLE_BOXES, scene_points, write_pcd


def test_a_pcd_file_is_read_with_its_intensity(tmp_path: Path):
    xyz, intensity = scene_points(5000, SAMPLE_BOXES)
    points = read_pcd(write_pcd(tmp_path / "a.pcd", xyz, intensity))
    assert len(points) == 5000 and points.xyz.dtype == np.float32
    np.testing.assert_allclose(points.xyz, xyz)
    np.testing.assert_allclose(points.intensity, intensity)
    low, high = points.bounds()
    assert low[0] >= -20 and high[0] <= 20 and high[2] == pytest.approx(1.8, abs=0.01)  # the pedestrian's head


def test_the_same_file_as_bytes_and_without_intensity(tmp_path: Path):
    xyz, _ = scene_points(100, [])
    path = write_pcd(tmp_path / "b.pcd", xyz)
    points = read_pcd(path.read_bytes())
    assert points.intensity is None and len(points) == 100


def test_points_without_a_return_are_dropped(tmp_path: Path):
    xyz, intensity = scene_points(10, [])
    xyz[3] = np.nan
    points = read_pcd(write_pcd(tmp_path / "nan.pcd", xyz, intensity))
    assert len(points) == 9 and len(points.intensity) == 9 and np.isfinite(points.xyz).all()


@pytest.mark.parametrize("content", [b"", b"not a point cloud", b"VERSION .7\nFIELDS a b\n"])
def test_a_file_that_is_no_point_cloud_is_refused_in_words(content: bytes):
    with pytest.raises(UnreadableCloud, match="not a readable .pcd|no x, y, z"):
        read_pcd(content)


def test_cuboid_corners_follow_position_dimensions_and_yaw():
    box = Cuboid("f", "o", position=(10, 5, 1), rotation=(0, 0, 0), dimensions=(4, 2, 2))
    points = corners(box)
    assert points.min(axis=0).tolist() == [8, 4, 0] and points.max(axis=0).tolist() == [12, 6, 2]
    turned = corners(Cuboid("f", "o", (0, 0, 0), (0, 0, math.pi / 2), (4, 2, 2)))
    np.testing.assert_allclose(turned.min(axis=0), [-1, -2, -1], atol=1e-9)  # a quarter turn swaps x and y
    assert len(edge_segments(box)) == 24
    top = projected_edges(box, "top")
    assert {p for edge in top for p in edge} == {(8, 4), (12, 4), (12, 6), (8, 6)}


def test_dashes_cover_half_of_each_edge():
    segment = np.array([[0.0, 0, 0], [10.0, 0, 0]])
    dashes = dashed(segment, 1.0)
    lengths = np.linalg.norm(dashes[1::2] - dashes[0::2], axis=1)
    assert len(dashes) == 10 and lengths.sum() == pytest.approx(5.0)
    assert len(dashed(segment, 5.0)) == 2  # too short to dash: kept whole


def test_colours_by_height_and_by_intensity():
    xyz, intensity = scene_points(1000, SAMPLE_BOXES)
    points = read_pcd_like(xyz, intensity)
    by_height = point_colors(points, "height")
    by_intensity = point_colors(points, "intensity")
    assert by_height.shape == (1000, 4) and (by_height[:, 3] == 1).all()
    assert ((by_height >= 0) & (by_height <= 1)).all()
    assert not np.allclose(by_height, by_intensity)
    no_intensity = read_pcd_like(xyz, None)
    np.testing.assert_allclose(point_colors(no_intensity, "intensity"), by_height)  # falls back to height


def read_pcd_like(xyz, intensity):
    from desktop_app.domain.point_clouds.pcd_file import CloudPoints

    return CloudPoints(xyz, intensity)


def test_the_file_cache_keeps_complete_files_of_the_right_size(tmp_path: Path):
    cache = FileCache(tmp_path, "http://127.0.0.1:1", max_bytes=25)
    assert cache.get(1, None) is None
    path = cache.put(1, b"0123456789")
    assert cache.get(1, 10) == path and cache.get(1, None) == path
    assert cache.get(1, 11) is None  # another size: the server's file changed
    cache.put(2, b"0123456789")
    cache.put(3, b"0123456789")  # over the limit: the least recently used goes
    assert sorted(p.name for p in cache.folder.iterdir()) == ["2.pcd", "3.pcd"]
    assert FileCache(tmp_path, "http://other:1").get(2, None) is None  # one folder per server

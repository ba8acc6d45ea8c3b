"""Video frames decoded off the GUI thread: the right picture for each frame,
and a burst of requests (a scrub) decodes the latest, not every one."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from desktop_app.qt.video_frames import VideoFrames
from tests.fixtures.video_clips import bright_x, square_x, write_clip
from tests.qt.browse_helpers import qt_owned, run  # noqa: F401


def as_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    return (
        np.frombuffer(image.constBits(), np.uint8)
        .reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
        .reshape(image.height(), image.width(), 3)
    )


def test_frames_arrive_with_their_own_picture(qloop, qtbot, qt_owned, tmp_path):
    frames = VideoFrames()
    qt_owned(frames)
    facts = run(qloop, qtbot, frames.open(write_clip(tmp_path / "clip.mp4")))
    assert (facts.frames_count, facts.fps, facts.width, facts.height) == (36, 12.0, 320, 180)
    arrived: dict[int, QImage] = {}
    frames.frameReady.connect(lambda index, image: arrived.__setitem__(index, image))
    for index in (0, 5, 35, 2):  # forward, to the end, back (a seek)
        frames.request(index)
        qtbot.waitUntil(lambda i=index: i in arrived, timeout=5000)
        assert bright_x(as_array(arrived[index])) == square_x(index)


def test_a_scrub_decodes_the_latest_frame_not_every_one(qloop, qtbot, qt_owned, tmp_path):
    frames = VideoFrames()
    qt_owned(frames)
    run(qloop, qtbot, frames.open(write_clip(tmp_path / "clip.mp4", frames=120)))
    arrived: list[int] = []
    frames.frameReady.connect(lambda index, _image: arrived.append(index))
    for index in range(120):  # one request per slider position, faster than any decoder
        frames.request(index)
    qtbot.waitUntil(lambda: bool(arrived) and arrived[-1] == 119 and not frames.busy, timeout=10000)
    assert frames.decoded < 10 and len(arrived) < 10  # the latest asked each time: no backlog of 120

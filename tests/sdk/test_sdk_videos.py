"""The official SDK's api.video, unchanged, against the bundled server over HTTP."""

from __future__ import annotations

import pytest

from tests.sdk.test_sdk_compat import run_script
from tests.server.video_world import build_video_world, clip
from tests.server.world import ALICE

pytestmark = pytest.mark.sdk


def test_sdk_video_api(live, sdk_python, tmp_path):
    vw = build_video_world(live)
    upload = tmp_path / "to_upload.mp4"
    upload.write_bytes(clip(160, 120, 9, 9))
    video, delete = vw.videos["vd1"][:2]
    out = run_script(
        sdk_python,
        "video_script.py",
        live.url,
        ALICE,
        PROJECT_ID=vw["v"],
        DATASET_ID=vw["vd1"],
        VIDEO_ID=video,
        DELETE_ID=delete,
        MISSING_ID=vw.images["d1"][0],  # an image id is no video: None
        UPLOAD_PATH=upload,
    )
    assert out["listed"] == ["a.mp4", "b.mp4", "c.mp4"] and out["whole"] == 4
    assert out["info"] == ["a.mp4", 20, 160, 120, 2] and out["timecodes"] == 20
    assert out["missing"] is True
    assert out["frame"][:2] == [120, 160]
    assert out["objects"] == ["car"] and out["object_tags"] == [["confidence", 0.9]]
    assert out["boxes"] == {"0": [10], "1": [14], "2": [18]}
    assert out["tags"] == [["busy", [1, 3]]]
    assert out["uploaded"][:2] == ["uploaded.mp4", 9] and out["uploaded"][2] == vw["vd1"]
    assert len(out["items"]) == 2 and out["items"] == out["in_collection"]
    assert out["deleted"] is True

"""Videos for server tests: real H.264 clips (a red box moving right on a grey
background) stored in the blob store, as rows of project V of world.py.

V gets classes car and person, tags "weather" (oneof_string), "busy" (none)
and "confidence" (any_number, objects only); dataset vd1 holds three clips,
vd2 one. Box of clip frame i: left 10 + 4*i, top 20, 30 x 20 pixels."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np

from desktop_app.server import blobs
from desktop_app.server.db.models import Dataset, Image, ObjClass, TagMeta
from desktop_app.server.videos.encode import encode_clip
from desktop_app.server.videos.probe import probe
from tests.server.world import World, build_world

# name, width, height, frames, fps
CLIPS = {
    "vd1": [("a.mp4", 160, 120, 20, 10), ("b.mp4", 320, 240, 36, 12), ("c.mp4", 160, 120, 15, 15)],
    "vd2": [("d.mp4", 160, 120, 10, 10)],
}


def box_left(frame: int) -> int:
    return 10 + 4 * frame


def clip_frames(width: int, height: int, frames: int):
    for i in range(frames):
        a = np.full((height, width, 3), 90, np.uint8)
        a[20:40, box_left(i) : box_left(i) + 30] = (230, 20, 20)
        yield a


def clip(width: int = 160, height: int = 120, frames: int = 20, fps: int = 10) -> bytes:
    return encode_clip(clip_frames(width, height, frames), fps, width, height)


@dataclass
class VideoWorld:
    world: World
    ids: dict[str, int] = field(default_factory=dict)
    videos: dict[str, list[int]] = field(default_factory=dict)  # dataset key -> video ids
    files: dict[int, bytes] = field(default_factory=dict)  # video id -> its bytes

    def __getitem__(self, key: str) -> int:
        return self.ids[key] if key in self.ids else self.world[key]

    @property
    def images(self) -> dict[str, list[int]]:
        return self.world.images


def build_video_world(live) -> VideoWorld:
    world = build_world(live.sessions())
    vw = VideoWorld(world)
    settings = live.server.app.state.settings
    with live.sessions()() as s, s.begin():
        project_id = world["v"]
        meta = [
            ObjClass(project_id=project_id, title="car", shape="rectangle", color="#FF0000"),
            ObjClass(project_id=project_id, title="person", shape="rectangle", color="#00FF00"),
            TagMeta(project_id=project_id, name="weather", value_type="oneof_string", values=["sun", "rain"]),
            TagMeta(project_id=project_id, name="busy", value_type="none"),
            TagMeta(project_id=project_id, name="confidence", value_type="any_number", applicable_type="objectsOnly"),
        ]
        s.add_all(meta)
        s.flush()
        vw.ids.update(vcar=meta[0].id, vperson=meta[1].id, weather=meta[2].id, busy=meta[3].id, vconf=meta[4].id)
        for key, clips in CLIPS.items():
            dataset = Dataset(project_id=project_id, name=key)
            s.add(dataset)
            s.flush()
            vw.ids[key] = dataset.id
            vw.videos[key] = []
            for name, width, height, frames, fps in clips:
                data = clip(width, height, frames, fps)
                blob = blobs.save(settings, io.BytesIO(data))
                facts = probe(data, name)
                video = Image(
                    dataset_id=dataset.id,
                    project_id=project_id,
                    name=name,
                    hash=blob.hash,
                    mime=facts.mime,
                    size=facts.size,
                    width=width,
                    height=height,
                    frames_count=facts.frames_count,
                    frame_rate=facts.fps,
                    storage_path=blobs.storage_path(blob.hash),
                )
                s.add(video)
                s.flush()
                vw.videos[key].append(video.id)
                vw.files[video.id] = data
    return vw

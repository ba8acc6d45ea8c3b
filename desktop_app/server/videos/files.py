"""Where a video's bytes live and how its frames are read.

A video's original is a file under the storage folder (uploaded or
imported, stored by content), or, for demo videos (no stored file), a clip
rendered from its id and ground truth and cached, as demo images are. It is
served at /storage/videos/<id><ext>, signed (`pathOriginal`, `fullStorageUrl`).
Decoded frames are cached on disk as PNG, keyed like image previews by the
video's fingerprint, so a thumbnail or a frame asked for twice is decoded once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.server.cache_files import write_cached
from desktop_app.server.db.models import Image
from desktop_app.server.errors import NotFound
from desktop_app.server.images.source import fingerprint, shard, stored_file
from desktop_app.server.videos.frames import decode_frame, encode_picture

EXTENSIONS = {
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "video/x-matroska": ".mkv",
    "video/quicktime": ".mov",
    "video/x-msvideo": ".avi",
    "video/x-flv": ".flv",
    "video/x-ms-wmv": ".wmv",
    "video/3gpp": ".3gp",
}
PREVIEW_FRAME = 0  # the frame that stands for the video in galleries


def extension_for_video(mime: str) -> str:
    return EXTENSIONS.get(mime, ".mp4")


def video_url_path(video: Image) -> str:
    """The URL path of the original, e.g. "/storage/videos/7.mp4"."""
    return f"/storage/videos/{video.id}{extension_for_video(video.mime)}"


def video_file(settings, session: Session, video: Image) -> Path:
    """The file holding the video's bytes; raises NotFound when it is gone."""
    if video.storage_path:
        path = stored_file(settings, video)
        if not path.is_file():
            raise NotFound(f"the file of video {video.id} is missing from storage")
        return path
    cached = Path(settings.cache_dir) / "originals" / shard(video.id) / f"{video.id}-{fingerprint(video)}.mp4"
    if not cached.is_file():
        from desktop_app.server.demo.videos import render_clip  # PyAV encoding: only when a demo clip is asked for

        write_cached(settings, cached, render_clip(session, video), required=True)  # served from this file
    return cached


def frame_png(settings, session: Session, video: Image, index: int) -> bytes:
    """Frame `index` as PNG bytes, decoded once and then read from the cache."""
    cached = Path(settings.cache_dir) / "frames" / shard(video.id) / f"{video.id}-{fingerprint(video)}-f{index}.png"
    try:
        return cached.read_bytes()
    except FileNotFoundError:
        pass
    picture = decode_frame(video_file(settings, session, video), index, video.frame_rate or 0, video.frames_count or 0)
    data = encode_picture(picture, "png")
    write_cached(settings, cached, data)
    return data

"""Videos for the video viewer: a video's record and annotation, and its file,
downloaded once and kept in the app's cache folder (decoding needs a file to
seek in; stepping back to a video does not fetch it again)."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

from desktop_app.api.client import ApiClient
from desktop_app.api.records import Image
from desktop_app.api.video_records import VideoAnnotation


def cache_name(server_address: str, video: Image) -> str:
    """One file per server, video and version: a changed video is not read from an old copy."""
    server = hashlib.sha256(server_address.encode()).hexdigest()[:12]
    version = int(video.updated_at.timestamp()) if video.updated_at is not None else 0
    return f"{server}-{video.id}-{version}-{video.size or 0}.mp4"


class VideosService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api
        self._downloads: dict[Path, asyncio.Task[Path]] = {}

    async def info(self, video_id: int) -> Image:
        return await self._api.videos.info(video_id)

    async def annotation(self, dataset_id: int, video_id: int) -> VideoAnnotation:
        return await self._api.videos.annotation(dataset_id, video_id)

    async def local_file(self, video: Image, cache_dir: Path) -> Path:
        """The video's file on disk, downloaded the first time (one download per file at a time)."""
        path = Path(cache_dir) / "videos" / cache_name(self._api.server_address, video)
        if path.exists():
            return path
        task = self._downloads.get(path)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._download(video.id, path))
            self._downloads[path] = task
            task.add_done_callback(lambda _t: self._downloads.pop(path, None))
        return await asyncio.shield(task)

    async def _download(self, video_id: int, path: Path) -> Path:
        data = await self._api.videos.download(video_id)
        await asyncio.to_thread(_write_atomically, path, data)
        return path


def _write_atomically(path: Path, data: bytes) -> None:
    """Whole or not at all: a crash mid-write leaves no half file under the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)

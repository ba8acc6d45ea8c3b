"""VideoInfo JSON for a batch of video rows (images table rows of a video project).

The SDK fills VideoInfo from these keys (api/video/video_api.py): framesCount,
frameWidth and frameHeight are read from `fileMeta`, as are
`framesToTimecodes`, `duration` and `size`. The top-level framesCount,
frameWidth, frameHeight, fullStorageUrl, labelsCount, previewFrame and size
are for the desktop app. Lists carry what the table holds; `videos.info`
(one video) adds what needs the file: framesToTimecodes, codecName and
formatName (see `with_file_facts`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import ImageTag, Project, TagMeta
from desktop_app.server.images.to_json import chunks
from desktop_app.server.signed_urls.urls import StorageUrls
from desktop_app.server.timeutil import iso
from desktop_app.server.videos.files import PREVIEW_FRAME, video_url_path
from desktop_app.server.videos.probe import VideoProbe


def video_tags_by_id(session: Session, video_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Video tags as the wire shows them (frameRange null: the whole video), grouped by video id."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(list(video_ids)):
        rows = session.execute(
            select(ImageTag, TagMeta.name)
            .join(TagMeta, TagMeta.id == ImageTag.tag_meta_id)
            .where(ImageTag.image_id.in_(part))
            .order_by(ImageTag.id)
        ).all()
        for tag, name in rows:
            out[tag.image_id].append(
                {
                    "id": tag.id,
                    "tagId": tag.tag_meta_id,
                    "entityId": tag.image_id,
                    "name": name,
                    "value": tag.value,
                    "frameRange": tag.frame_range,
                    "labelerLogin": tag.labeler_login,
                    "createdAt": iso(tag.created_at),
                    "updatedAt": iso(tag.updated_at),
                }
            )
    return out


def file_meta(video: Any) -> dict[str, Any]:
    """The `fileMeta` the SDK reads, from the table's columns."""
    fps = video.frame_rate or 0.0
    frames = video.frames_count or 0
    stream = {
        "index": 0,
        "codecType": "video",
        "width": video.width,
        "height": video.height,
        "framesCount": frames,
        "duration": round(frames / fps, 6) if fps else 0.0,
        "startTime": 0,
        "fps": fps,
        "rotation": 0,
    }
    return {**stream, "mime": video.mime, "size": str(video.size), "framesToTimecodes": [], "streams": [stream]}


def timecodes(frames: int, fps: float) -> list[float]:
    """Seconds from the start at which each frame is shown."""
    return [round(i / fps, 6) for i in range(frames)] if fps else []


def with_file_facts(info: dict[str, Any], facts: VideoProbe | None) -> dict[str, Any]:
    """Add what only the file tells (codec, container) and the per-frame timecodes."""
    meta = info["fileMeta"]
    meta["framesToTimecodes"] = timecodes(meta["framesCount"], meta["fps"])
    if facts is not None:
        meta.update(codecName=facts.codec, formatName=facts.format_name)
        meta["streams"][0]["codecName"] = facts.codec
    return info


def video_json(video: Any, team_ws: tuple[int, int], tags: list[dict[str, Any]], urls: StorageUrls) -> dict[str, Any]:
    path = urls.path(video_url_path(video))
    team_id, workspace_id = team_ws
    return {
        "id": video.id,
        "name": video.name,
        "hash": video.hash,
        "link": None,
        "teamId": team_id,
        "workspaceId": workspace_id,
        "projectId": video.project_id,
        "datasetId": video.dataset_id,
        "pathOriginal": path,
        "fullStorageUrl": urls.full(path),
        "framesCount": video.frames_count,
        "frameWidth": video.width,
        "frameHeight": video.height,
        "fileMeta": file_meta(video),
        "createdAt": iso(video.created_at),
        "updatedAt": iso(video.updated_at),
        "tags": tags,
        "meta": video.meta or {},
        "customData": {},
        "processingPath": None,
        "description": video.description,
        "createdBy": video.created_by,
        "mime": video.mime,
        "size": video.size,
        "labelsCount": video.labels_count,
        "previewFrame": PREVIEW_FRAME,
    }


def videos_json(session: Session, videos: Sequence[Any], urls: StorageUrls) -> list[dict[str, Any]]:
    project_ids = {v.project_id for v in videos}
    owners = {
        pid: (team, ws)
        for pid, team, ws in session.execute(
            select(Project.id, Project.team_id, Project.workspace_id).where(Project.id.in_(project_ids))
        )
    }
    tags = video_tags_by_id(session, [v.id for v in videos])
    return [video_json(v, owners[v.project_id], tags.get(v.id, []), urls) for v in videos]


def probe_meta(facts: VideoProbe) -> dict[str, Any]:
    """A stored file's facts as `import-storage.internal.meta.list` answers them: the
    SDK picks the streams whose codecType is "video" and uploads one video per stream."""
    stream = {
        "index": 0,
        "codecType": "video",
        "codecName": facts.codec,
        "width": facts.width,
        "height": facts.height,
        "duration": facts.duration,
        "framesCount": facts.frames_count,
        "fps": facts.fps,
        "startTime": 0,
        "rotation": 0,
    }
    return {
        "mime": facts.mime,
        "formatName": facts.format_name,
        "size": str(facts.size),
        "duration": facts.duration,
        "streams": [stream],
    }

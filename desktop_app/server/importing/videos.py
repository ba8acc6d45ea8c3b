"""Import a folder of videos as a new video project (what import_folder does
when the folder holds videos rather than images).

Layouts:
- plain: videos at the root form dataset "ds0"; each subfolder with videos is a dataset;
- Supervisely (as it exports video projects): meta.json at the root,
  `<dataset>/video/<name>` and, when annotated, `<dataset>/ann/<name>.json`
  in the video annotation format (the SDK's, stored as it is: pixels, a
  rectangle's right/bottom inclusive).

All or nothing: every file is probed with PyAV and every annotation checked
(videos/annotation_check.py) before any file is stored; a bad one is named
and the caller's transaction rolls back. Files go to the blob store (stored
once by content, as uploads)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from desktop_app.server import blobs
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.db.models import NAME_MAX, Dataset, Image, ObjClass, Project, TagMeta, Team, User, Workspace
from desktop_app.server.errors import InvalidInput
from desktop_app.server.importing.formats import DEFAULT_DATASET, ImportFailed, _load_json, _meta
from desktop_app.server.videos.annotation_check import plan_video
from desktop_app.server.videos.annotation_input import VideoAnnotationIn
from desktop_app.server.videos.annotation_store import replace_video_annotation
from desktop_app.server.videos.probe import UnreadableVideo, VideoProbe, probe

VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv", ".webm", ".3gp", ".flv", ".wmv", ".m4v", ".mpg", ".mpeg"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


@dataclass
class SourceVideo:
    path: Path
    dataset: str
    name: str
    ann_path: Path | None = None


def _is(path: Path, suffixes: set[str]) -> bool:
    return path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith(".")


def _visible(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if not any(part.startswith(".") for part in p.relative_to(root).parts))


def holds_videos(root: Path) -> bool:
    """True when the folder has video files (then it is imported as a video project)."""
    return root.is_dir() and any(_is(p, VIDEO_SUFFIXES) for p in _visible(root))


def _supervisely(root: Path) -> list[SourceVideo]:
    out = []
    for ds in sorted(p for p in root.iterdir() if p.is_dir() and (p / "video").is_dir()):
        for path in sorted(p for p in (ds / "video").iterdir() if _is(p, VIDEO_SUFFIXES)):
            ann = ds / "ann" / f"{path.name}.json"
            out.append(SourceVideo(path, ds.name, path.name, ann if ann.is_file() else None))
    return out


def _plain(root: Path) -> list[SourceVideo]:
    videos = [SourceVideo(p, DEFAULT_DATASET, p.name) for p in sorted(root.iterdir()) if _is(p, VIDEO_SUFFIXES)]
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for p in sorted(sub.rglob("*")):
            if _is(p, VIDEO_SUFFIXES):
                # Nested folders are flattened into the name to keep names unique.
                videos.append(SourceVideo(p, sub.name, "_".join(p.relative_to(sub).parts)))
    return videos


def read_videos(root: Path) -> list[SourceVideo]:
    supervisely = (root / "meta.json").is_file()
    if not supervisely and any(_is(p, IMAGE_SUFFIXES) for p in _visible(root)):
        raise ImportFailed(f"{root} holds both images and videos; import them as separate projects")
    videos = _supervisely(root) if supervisely else _plain(root)
    if not videos:
        raise ImportFailed(f"no videos ({', '.join(sorted(VIDEO_SUFFIXES))}) found in {root}")
    seen: set[tuple[str, str]] = set()
    for v in videos:
        if (v.dataset, v.name) in seen:
            raise ImportFailed(f"two videos would both be named {v.name!r} in dataset {v.dataset!r}")
        seen.add((v.dataset, v.name))
        if len(v.name) > NAME_MAX or len(v.dataset) > NAME_MAX:
            raise ImportFailed(f"{v.path.relative_to(root)}: name longer than {NAME_MAX} characters")
    return videos


def _probe(root: Path, video: SourceVideo) -> VideoProbe:
    try:
        return probe(video.path, str(video.path.relative_to(root)))
    except UnreadableVideo as exc:
        raise ImportFailed(str(exc)) from None


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode()


def _annotation(root: Path, video: SourceVideo) -> VideoAnnotationIn | None:
    if video.ann_path is None:
        return None
    try:
        return VideoAnnotationIn.model_validate(_load_json(video.ann_path, root))
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise ImportFailed(f"{video.ann_path.relative_to(root)} is not a video annotation: {detail}") from None


def import_video_folder(
    session, settings, root: Path, name: str, team: Team, workspace: Workspace, user: User | None
) -> int:
    """Create a video project from `root` (resolved, name checked); returns its id."""
    videos = read_videos(root)
    facts = [_probe(root, v) for v in videos]  # every file is a video before anything is written
    annotations = [_annotation(root, v) for v in videos]
    classes, tags = _meta(root) if (root / "meta.json").is_file() else ([], [])
    project = Project(
        workspace_id=workspace.id,
        team_id=team.id,
        name=name,
        type="videos",
        created_by=user.id if user else None,
        description=f"Imported from {root.name}",
    )
    session.add(project)
    session.flush()
    session.add_all(ObjClass(project_id=project.id, title=c.title, shape=c.shape, color=c.color) for c in classes)
    session.add_all(
        TagMeta(
            project_id=project.id,
            name=t.name,
            value_type=t.value_type,
            values=t.values,
            color=t.color,
            applicable_type=t.applicable_type,
        )
        for t in tags
    )
    datasets: dict[str, Dataset] = {}
    for ds_name in dict.fromkeys(v.dataset for v in videos):
        datasets[ds_name] = Dataset(project_id=project.id, name=ds_name, created_by=project.created_by)
    session.add_all(datasets.values())
    session.flush()
    hashes = [_file_hash(v.path) for v in videos]
    rows = [
        Image(
            dataset_id=datasets[v.dataset].id,
            project_id=project.id,
            name=v.name,
            hash=h,
            mime=f.mime,
            size=f.size,
            width=f.width,
            height=f.height,
            frames_count=f.frames_count,
            frame_rate=f.fps,
            storage_path=blobs.storage_path(h),
            created_by=project.created_by,
        )
        for v, f, h in zip(videos, facts, hashes, strict=True)
    ]
    session.add_all(rows)
    session.flush()
    meta = ProjectMeta(session, project.id)
    login = user.login if user else "import"
    for v, row, ann in zip(videos, rows, annotations, strict=True):
        if ann is None:
            continue
        try:
            plan = plan_video(meta, row, ann)
        except InvalidInput as exc:
            raise ImportFailed(f"{v.ann_path.relative_to(root) if v.ann_path else v.name}: {exc.message}") from None
        replace_video_annotation(session, plan, login)
    for v in videos:  # last: nothing is stored unless every check passed
        with v.path.open("rb") as f:
            blobs.save(settings, f)
    return project.id

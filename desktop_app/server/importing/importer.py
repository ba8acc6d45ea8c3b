"""Import a folder of images (optionally annotated) as a new project.

All or nothing: every check runs before anything is kept. The rows are
written in the caller's transaction, and the files are staged in a temporary
folder inside the storage folder and moved into place only at the end; on
any error the staged files are removed and the caller rolls back. Originals
are stored by content (originals/ab/<sha256>.jpg), so moving one that is
already there is harmless."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import (
    NAME_MAX,
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
    Team,
    User,
    Workspace,
)
from desktop_app.server.evaluation.recompute import evaluate_project
from desktop_app.server.importing.formats import (
    ImageAnn,
    ImportFailed,
    Layout,
    SourceImage,
    read_folder,
)
from desktop_app.server.importing.point_clouds import has_point_clouds, import_point_cloud_folder
from desktop_app.server.importing.videos import holds_videos, import_video_folder

__all__ = ["ImportFailed", "import_folder"]

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


class _Probe:
    """Reads (width, height, Pillow format) once per file, as viewers show it: EXIF rotation applied."""

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[int, int, str]] = {}

    def __call__(self, path: Path) -> tuple[int, int, str]:
        if path not in self._seen:
            self._seen[path] = self._read(path)
        return self._seen[path]

    def size(self, path: Path) -> tuple[int, int]:
        return self(path)[:2]

    @staticmethod
    def _read(path: Path) -> tuple[int, int, str]:
        try:
            with PILImage.open(path) as picture:
                fmt = picture.format or ""
                width, height = picture.size
                if picture.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
        except (OSError, UnidentifiedImageError, PILImage.DecompressionBombError) as exc:
            raise ImportFailed(f"{path} is not a readable image: {exc}") from None
        if fmt not in FORMATS:
            raise ImportFailed(f"{path} is a {fmt or 'unknown'} image; only JPEG and PNG are supported")
        return width, height, fmt


def _check(layout: Layout, root: Path, probe: _Probe) -> None:
    """Every name and reference must resolve before anything is written."""
    classes = {c.title for c in layout.classes}
    tags = {t.name for t in layout.tags}
    seen: set[tuple[str, str]] = set()
    for img in layout.images:
        where = img.path.relative_to(root)
        if (img.dataset, img.name) in seen:
            raise ImportFailed(f"two images would both be named {img.name!r} in dataset {img.dataset!r}")
        seen.add((img.dataset, img.name))
        if len(img.name) > NAME_MAX or len(img.dataset) > NAME_MAX:
            raise ImportFailed(f"{where}: name longer than {NAME_MAX} characters")
        probe(img.path)
        for obj in img.ann.objects if img.ann else []:
            if obj.class_title not in classes:
                raise ImportFailed(f"{where}: class {obj.class_title!r} is not in the project meta")
            for name, _value in obj.tags:
                if name not in tags:
                    raise ImportFailed(f"{where}: object tag {name!r} is not in the project meta")
        for name, _value in img.ann.tags if img.ann else []:
            if name not in tags:
                raise ImportFailed(f"{where}: image tag {name!r} is not in the project meta")


def _stage(img: SourceImage, staging: Path, fmt: str) -> tuple[Path, str, str, int]:
    """Copy one file into the staging folder: (staged file, storage path, base64 sha256, size)."""
    data = img.path.read_bytes()
    digest = hashlib.sha256(data)
    ext = FORMATS[fmt][1]
    storage_path = f"originals/{digest.hexdigest()[:2]}/{digest.hexdigest()}{ext}"
    staged = staging / storage_path
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(data)
    return staged, storage_path, base64.b64encode(digest.digest()).decode(), len(data)


def _write_meta(session: Session, layout: Layout, project: Project) -> tuple[dict[str, int], dict[str, int]]:
    classes = [ObjClass(project_id=project.id, title=c.title, shape=c.shape, color=c.color) for c in layout.classes]
    tags = [
        TagMeta(
            project_id=project.id,
            name=t.name,
            value_type=t.value_type,
            values=t.values,
            color=t.color,
            applicable_type=t.applicable_type,
        )
        for t in layout.tags
    ]
    session.add_all([*classes, *tags])
    session.flush()
    return {c.title: c.id for c in classes}, {t.name: t.id for t in tags}


def _write_annotation(
    session: Session, image: Image, ann: ImageAnn, class_ids: dict[str, int], tag_ids: dict[str, int], login: str | None
) -> None:
    def object_tags(pairs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
        return [{"tagId": tag_ids[name], "name": name, "value": value} for name, value in pairs]

    session.add_all(
        Figure(
            image_id=image.id,
            class_id=class_ids[obj.class_title],
            geometry_type=obj.geometry_type,
            points=obj.points,
            description=obj.description,
            tags=object_tags(obj.tags),
            labeler_login=login,
        )
        for obj in ann.objects
    )
    session.add_all(
        ImageTag(image_id=image.id, tag_meta_id=tag_ids[name], value=value, labeler_login=login)
        for name, value in ann.tags
    )
    image.labels_count = len(ann.objects)
    image.description = ann.description


def import_folder(
    session: Session, settings, folder, project_name: str, team: Team, workspace: Workspace, user: User | None
) -> int:
    """Create a project from `folder`; returns its id. Raises ImportFailed with a clear message."""
    root = Path(folder).expanduser().resolve()
    name = (project_name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ImportFailed(f"the project name must have 1 to {NAME_MAX} characters")
    if session.scalar(select(Project.id).where(Project.workspace_id == workspace.id, Project.name == name)):
        raise ImportFailed(f"workspace {workspace.name!r} already has a project named {name!r}")
    if holds_videos(root):  # a folder of videos becomes a video project
        return import_video_folder(session, settings, root, name, team, workspace, user)
    if has_point_clouds(root):  # a folder of .pcd files is a point-cloud project
        return import_point_cloud_folder(session, settings, root, name, team, workspace, user)
    probe = _Probe()
    layout = read_folder(root, probe.size)
    _check(layout, root, probe)

    storage = Path(settings.storage_dir)
    staging = storage / ".incoming" / uuid.uuid4().hex
    try:
        project = Project(
            workspace_id=workspace.id,
            team_id=team.id,
            name=name,
            type="images",
            created_by=user.id if user else None,
            description=f"Imported from {root.name}",
        )
        session.add(project)
        session.flush()
        class_ids, tag_ids = _write_meta(session, layout, project)
        datasets: dict[str, Dataset] = {}
        for ds_name in dict.fromkeys(img.dataset for img in layout.images):
            datasets[ds_name] = Dataset(project_id=project.id, name=ds_name, created_by=project.created_by)
        session.add_all(datasets.values())
        session.flush()
        moves: dict[Path, Path] = {}  # final -> staged; identical files are stored once
        images = []
        for img in layout.images:
            width, height, fmt = probe(img.path)
            staged, storage_path, digest, size = _stage(img, staging, fmt)
            moves[storage / storage_path] = staged
            images.append(
                Image(
                    dataset_id=datasets[img.dataset].id,
                    project_id=project.id,
                    name=img.name,
                    hash=digest,
                    mime=FORMATS[fmt][0],
                    size=size,
                    width=width,
                    height=height,
                    storage_path=storage_path,
                    created_by=project.created_by,
                )
            )
        session.add_all(images)
        session.flush()
        for img, image in zip(layout.images, images, strict=True):
            if img.ann is not None:
                _write_annotation(session, image, img.ann, class_ids, tag_ids, user.login if user else None)
        session.flush()
        evaluate_project(session, project.id)  # an imported project's predictions are evaluated at once
        for final, staged in moves.items():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        return project.id
    finally:
        shutil.rmtree(staging, ignore_errors=True)

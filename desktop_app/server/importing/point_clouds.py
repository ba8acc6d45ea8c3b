"""Importing a folder of .pcd files as a point-cloud project, all or nothing.

Layouts:
- plain: .pcd files at the root form dataset "ds0"; each subfolder with .pcd files is a dataset;
- Supervisely: meta.json at the root, `<dataset>/pointcloud/<name>.pcd` and
  `<dataset>/ann/<name>.pcd.json` (the point-cloud annotation format:
  tags, objects with keys, figures with objectKey and a cuboid_3d geometry).

Every file is read with pypcd4 and every annotation checked against the meta
before anything is kept; a bad file is named in the error. Rows are written in
the caller's transaction (rolled back on error) and files are stored (by
content, point_clouds/blobs.py) only once everything passed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.db.models import NAME_MAX, Dataset, Image, ObjClass, Project, TagMeta, Team, User, Workspace
from desktop_app.server.errors import ApiError
from desktop_app.server.importing.formats import DEFAULT_DATASET, ImportFailed, _load_json, _meta
from desktop_app.server.point_clouds.add import Facts, facts_of
from desktop_app.server.point_clouds.annotation_check import plan_point_cloud
from desktop_app.server.point_clouds.annotation_input import PointCloudAnnotationIn
from desktop_app.server.point_clouds.annotation_store import replace_annotation
from desktop_app.server.point_clouds.blobs import blob_path, hash_of, put_blob
from desktop_app.server.point_clouds.pcd import MIME, BadPcd

SUFFIX = ".pcd"


@dataclass
class SourceCloud:
    path: Path
    dataset: str
    name: str
    ann: Path | None = None


def _is_pcd(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == SUFFIX and not path.name.startswith(".")


def has_point_clouds(root: Path) -> bool:
    """True when the folder holds .pcd files (then it is a point-cloud import)."""
    return root.is_dir() and any(_is_pcd(p) for p in root.rglob("*"))


def _plain(root: Path) -> list[SourceCloud]:
    clouds = [SourceCloud(p, DEFAULT_DATASET, p.name) for p in sorted(root.iterdir()) if _is_pcd(p)]
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        clouds += [
            SourceCloud(p, sub.name, "_".join(p.relative_to(sub).parts)) for p in sorted(sub.rglob("*")) if _is_pcd(p)
        ]
    return clouds


def _supervisely(root: Path) -> list[SourceCloud]:
    clouds = []
    for ds in sorted(p for p in root.iterdir() if p.is_dir() and (p / "pointcloud").is_dir()):
        for p in sorted(q for q in (ds / "pointcloud").iterdir() if _is_pcd(q)):
            ann = ds / "ann" / f"{p.name}.json"
            clouds.append(SourceCloud(p, ds.name, p.name, ann if ann.is_file() else None))
    return clouds


def _read(cloud: SourceCloud, root: Path) -> tuple[bytes, Facts]:
    data = cloud.path.read_bytes()
    try:
        return data, facts_of(data)
    except BadPcd as exc:
        raise ImportFailed(f"{cloud.path.relative_to(root)} is not a readable point cloud: {exc}") from None


def import_point_cloud_folder(
    session, settings, root: Path, name: str, team: Team, workspace: Workspace, user: User | None
) -> int:
    supervisely = (root / "meta.json").is_file()
    clouds = _supervisely(root) if supervisely else _plain(root)
    if not clouds:
        raise ImportFailed(f"no point clouds (.pcd) found in {root}")
    classes, tags = _meta(root) if supervisely else ([], [])
    seen: set[tuple[str, str]] = set()
    for c in clouds:
        if (c.dataset, c.name) in seen:
            raise ImportFailed(f"two point clouds would both be named {c.name!r} in dataset {c.dataset!r}")
        if len(c.name) > NAME_MAX or len(c.dataset) > NAME_MAX:
            raise ImportFailed(f"{c.path.relative_to(root)}: name longer than {NAME_MAX} characters")
        seen.add((c.dataset, c.name))
    files = [_read(c, root) for c in clouds]  # every file readable before anything is written

    creator = user.id if user else None
    project = Project(
        workspace_id=workspace.id,
        team_id=team.id,
        name=name,
        type="point_clouds",
        created_by=creator,
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
    datasets = {
        ds: Dataset(project_id=project.id, name=ds, created_by=creator)
        for ds in dict.fromkeys(c.dataset for c in clouds)
    }
    session.add_all(datasets.values())
    session.flush()
    rows = []
    for c, (data, facts) in zip(clouds, files, strict=True):
        hash_ = hash_of(data)
        rows.append(
            Image(
                dataset_id=datasets[c.dataset].id,
                project_id=project.id,
                name=c.name,
                hash=hash_,
                mime=MIME,
                size=facts.size,
                width=facts.width,
                height=facts.height,
                points_count=facts.points_count,
                storage_path=blob_path(hash_),
                created_by=creator,
            )
        )
    session.add_all(rows)
    session.flush()
    meta = ProjectMeta(session, project.id)
    for c, row in zip(clouds, rows, strict=True):
        if c.ann is not None:
            _annotate(session, meta, row, c.ann, root, user.login if user else "")
    for data, _facts in files:
        put_blob(settings, data)
    return project.id


def _annotate(session, meta: ProjectMeta, row: Image, path: Path, root: Path, login: str) -> None:
    where = path.relative_to(root)
    raw: Any = _load_json(path, root)
    try:
        ann = PointCloudAnnotationIn.model_validate(raw)
        replace_annotation(session, plan_point_cloud(meta, row, ann), login)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        raise ImportFailed(f"{where}: {detail}") from None
    except ApiError as exc:
        raise ImportFailed(f"{where}: {exc.message}") from None

"""Export a collection straight from the database and the storage folder, with
the same writers the app uses (desktop_app/shared/export_formats).

Linked images record the stored original's absolute path (a demo picture has
no stored file, so its link is empty). Items are read in id order, a batch
at a time, so a large collection is never held in memory at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.annotations.to_json import annotation_infos
from desktop_app.server.db.models import Collection, CollectionItem, Dataset, Image, ObjClass, Project, TagMeta
from desktop_app.server.errors import NotFound
from desktop_app.server.images.source import read_original, stored_file
from desktop_app.server.point_clouds.annotation_json import point_cloud_annotations
from desktop_app.server.videos.annotation_json import video_annotations
from desktop_app.server.videos.files import video_file
from desktop_app.shared.export_formats import ExportFailed, ExportItem, Summary, fits, refusal, writer_for
from desktop_app.shared.export_formats.folder import StagedFolder, in_words

BATCH = 200


def project_meta(session: Session, project_id: int) -> dict[str, Any]:
    """Classes and tag metas as projects.meta answers them (the keys the writers read)."""
    classes = session.scalars(select(ObjClass).where(ObjClass.project_id == project_id).order_by(ObjClass.id))
    tags = session.scalars(select(TagMeta).where(TagMeta.project_id == project_id).order_by(TagMeta.id))
    return {
        "classes": [{"id": c.id, "title": c.title, "shape": c.shape, "color": c.color} for c in classes],
        "tags": [
            {
                "id": t.id,
                "name": t.name,
                "value_type": t.value_type,
                "values": list(t.values or []),
                "color": t.color,
                "applicable_type": t.applicable_type,
            }
            for t in tags
        ],
    }


def _annotations(session: Session, project_type: str, items: list[Image]) -> dict[int, Any]:
    """Item id -> its annotation in the JSON the wire answers for the project's type."""
    if project_type == "videos":
        return {a["videoId"]: a for a in video_annotations(session, items)}
    if project_type == "point_clouds":
        return {a["pointCloudId"]: a for a in point_cloud_annotations(session, items)}
    return {a["imageId"]: a["annotation"] for a in annotation_infos(session, items)}


def _original(settings, session: Session, project_type: str, item: Image) -> bytes:
    if project_type == "videos":  # a stored file, or a demo clip rendered (and cached) on first read
        return video_file(settings, session, item).read_bytes()
    return read_original(settings, session, item, keep=False)[0]


def _link(settings, image: Image) -> str:
    if not image.storage_path:
        return ""
    try:
        return str(stored_file(settings, image))
    except NotFound:
        return ""


def export_collection(
    session: Session,
    settings,
    collection_id: int,
    fmt: str,
    out: Path,
    *,
    link_images: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, Summary]:
    """Write the export into a new folder inside `out`; returns that folder and what was written."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        raise ExportFailed(f"There is no collection with id {collection_id}.")
    project = session.get(Project, collection.project_id)
    assert project is not None  # a collection's project is deleted with it
    if not fits(fmt, project.type):
        raise ExportFailed(refusal(fmt, project.name, project.type))
    meta = project_meta(session, project.id)
    datasets = dict(session.execute(select(Dataset.id, Dataset.name).where(Dataset.project_id == project.id)).all())
    ids = list(
        session.scalars(
            select(CollectionItem.image_id)
            .where(CollectionItem.collection_id == collection.id)
            .order_by(CollectionItem.image_id)
        )
    )
    staged = StagedFolder(out, f"{collection.name} ({fmt})")
    with staged as root:
        writer = writer_for(fmt, root, meta, link_images=link_images, project_type=project.type)
        try:
            for start in range(0, len(ids), BATCH):
                images = list(
                    session.scalars(select(Image).where(Image.id.in_(ids[start : start + BATCH])).order_by(Image.id))
                )
                annotations = _annotations(session, project.type, images) if writer.needs_annotations else {}
                for image in images:
                    item = ExportItem(
                        image.id,
                        image.name,
                        datasets.get(image.dataset_id, ""),
                        image.width,
                        image.height,
                        _link(settings, image) if link_images else "",
                    )
                    data = None
                    if writer.needs_images and not link_images:
                        data = _original(settings, session, project.type, image)
                    writer.add(item, annotations.get(image.id), data)
                if progress is not None:
                    progress(min(start + BATCH, len(ids)), len(ids))
            summary = writer.finish()
        except OSError as exc:
            raise in_words(exc, staged.parent) from None
        except NotFound as exc:  # an original missing from storage
            raise ExportFailed(f"{exc}; nothing was exported.") from None
        finally:
            writer.close()
        final = staged.commit()
    return final, summary

"""Image counts and byte sizes per project and per dataset, for the
imagesCount/itemsCount/size keys of projects and datasets; one grouped query
for a whole page of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Dataset, Image


@dataclass(frozen=True)
class Counts:
    images: int = 0
    size: int = 0  # bytes of the originals


def _grouped(session: Session, column, ids: list[int]) -> dict[int, Counts]:
    if not ids:
        return {}
    rows = session.execute(
        select(column, func.count(Image.id), func.coalesce(func.sum(Image.size), 0))
        .where(column.in_(ids))
        .group_by(column)
    ).all()
    return {key: Counts(int(n), int(size)) for key, n, size in rows}


def per_project(session: Session, project_ids: Iterable[int]) -> dict[int, Counts]:
    return _grouped(session, Image.project_id, list(project_ids))


def per_dataset(session: Session, dataset_ids: Iterable[int]) -> dict[int, Counts]:
    """Images directly in each dataset (not in its nested datasets)."""
    return _grouped(session, Image.dataset_id, list(dataset_ids))


def datasets_per_project(session: Session, project_ids: Iterable[int]) -> dict[int, int]:
    ids = list(project_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Dataset.project_id, func.count(Dataset.id))
        .where(Dataset.project_id.in_(ids))
        .group_by(Dataset.project_id)
    ).all()
    return {pid: int(n) for pid, n in rows}

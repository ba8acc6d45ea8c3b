"""A database prepared before a server child starts: the shared test world
(tests/server/world.py) plus many more images, inserted in bulk."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from desktop_app.server.db import init_schema, make_engine, make_sessionmaker, sqlite_url
from desktop_app.server.db.models import Image
from tests.server.world import World, build_world

BATCH = 5_000  # rows per INSERT: fast on both databases, well under any parameter limit


def sqlite_db_of(data_dir: Path) -> str:
    """The URL `serve --data-dir data_dir` uses when given no --db."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return sqlite_url(data_dir / "server.sqlite")


def seeded(db_url: str) -> tuple[Engine, World]:
    engine = make_engine(db_url)
    init_schema(engine)
    return engine, build_world(make_sessionmaker(engine))


def add_images(engine: Engine, world: World, dataset: str, count: int, prefix: str) -> list[int]:
    """`count` more images in the world's dataset `dataset` (d1 or d2 of P1); their ids, ascending."""
    rows = [
        {
            "dataset_id": world[dataset],
            "project_id": world["p1"],
            "name": f"{prefix}_{i:06d}.jpg",
            "width": 640,
            "height": 480,
            "mime": "image/jpeg",
            "hash": f"h-{prefix}-{i}",
        }
        for i in range(count)
    ]
    with engine.begin() as conn:
        for start in range(0, count, BATCH):
            conn.execute(insert(Image), rows[start : start + BATCH])
        ids = conn.scalars(
            Image.__table__.select()
            .with_only_columns(Image.id)
            .where(Image.dataset_id == world[dataset], Image.name.like(f"{prefix}\\_%", escape="\\"))
            .order_by(Image.id)
        ).all()
    assert len(ids) == count
    return list(ids)

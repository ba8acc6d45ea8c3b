"""Schema upgrades at start-up: a database made before migrations existed
keeps all its data (and its users' tokens work), the migrations build exactly
the tables of the models, and servers starting together do not collide."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from desktop_app.server.db import init_schema, make_engine
from desktop_app.server.db.models import (
    Base,
    Collection,
    CollectionItem,
    Dataset,
    Figure,
    Image,
    ImageTag,
    LabelingQueue,
    ObjClass,
    Project,
    QueueItem,
    QueueMember,
    TagMeta,
    Team,
    TeamMember,
    Workspace,
)
from desktop_app.server.db.schema import SchemaMismatch, head_revision, upgrade
from tests.conftest import POSTGRES_URL, start_live

OLD_TOKENS = {"alice": "alice-old-plain-token", "bob": "bob-old-plain-token"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (PostgreSQL: one made for this test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (.ci/run sets it)")
    import psycopg

    name = "m_" + uuid.uuid4().hex[:16]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_pre_migration_database(engine: Engine) -> None:
    """The schema as main had it before migrations: schema_info says version 2, no alembic_version."""
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))


def fill_old_database(engine: Engine) -> None:
    now = datetime(2026, 1, 2, 3, 4, 5)
    with engine.begin() as conn:  # users.token held the plain token then
        for login, token in OLD_TOKENS.items():
            conn.execute(
                text(
                    "INSERT INTO users (login, name, email, role, token, disabled, created_at, updated_at) "
                    "VALUES (:login, :login, NULL, 'user', :token, false, :now, :now)"
                ),
                {"login": login, "token": token, "now": now},
            )
        alice, bob = (conn.scalar(text("SELECT id FROM users WHERE login = :l"), {"l": login}) for login in OLD_TOKENS)
    with Session(engine) as s, s.begin():
        team = Team(name="team-a")
        s.add(team)
        s.flush()
        s.add_all(
            [
                TeamMember(team_id=team.id, user_id=alice, role="admin"),
                TeamMember(team_id=team.id, user_id=bob, role="annotator"),
            ]
        )
        ws = Workspace(team_id=team.id, name="ws")
        s.add(ws)
        s.flush()
        project = Project(workspace_id=ws.id, team_id=team.id, name="P", created_by=alice)
        s.add(project)
        s.flush()
        dataset = Dataset(project_id=project.id, name="d")
        car = ObjClass(project_id=project.id, title="car")
        tag = TagMeta(project_id=project.id, name="reviewed")
        s.add_all([dataset, car, tag])
        s.flush()
        # Core inserts name only the columns the old schema had (the models have more now).
        image_ids = [
            s.execute(
                insert(Image.__table__).values(
                    dataset_id=dataset.id, project_id=project.id, name=f"{i}.jpg", width=64, height=48, labels_count=1
                )
            ).inserted_primary_key[0]
            for i in range(4)
        ]
        for image_id in image_ids:
            s.execute(
                insert(Figure.__table__).values(
                    image_id=image_id, class_id=car.id, points={"exterior": [[1, 2], [30, 40]], "interior": []}
                )
            )
        s.execute(insert(ImageTag.__table__).values(image_id=image_ids[0], tag_meta_id=tag.id, value=None))
        collection = Collection(project_id=project.id, team_id=team.id, name="to review", created_by=alice)
        s.add(collection)
        s.flush()
        s.add_all([CollectionItem(collection_id=collection.id, image_id=image_id) for image_id in image_ids[:3]])
        queue = LabelingQueue(
            team_id=team.id,
            project_id=project.id,
            collection_id=collection.id,
            name="Q",
            created_by=alice,
            status="in_progress",
        )
        s.add(queue)
        s.flush()
        s.add_all(
            [
                QueueMember(queue_id=queue.id, user_id=bob, role="labeler"),
                QueueMember(queue_id=queue.id, user_id=alice, role="reviewer"),
                QueueItem(queue_id=queue.id, image_id=image_ids[0], status="on_review", labeler_id=bob),
                QueueItem(
                    queue_id=queue.id,
                    image_id=image_ids[1],
                    status="annotating",
                    labeler_id=bob,
                    rejected_count=1,
                    review_comment="tighter box",
                ),
            ]
        )


def snapshot(engine: Engine, columns_of: dict[str, set[str]] | None = None) -> dict[str, list[dict]]:
    """Every row of every table of the models (users without their token column)."""
    out = {}
    with engine.connect() as conn:
        present = inspect(conn)
        for table in Base.metadata.sorted_tables:
            if not present.has_table(table.name):
                continue
            names = {c["name"] for c in present.get_columns(table.name)} - {"token_digest"}
            if columns_of is not None:  # compare only what the old schema had
                names &= columns_of.get(table.name, set())
            columns = [c for c in table.columns if c.name in names]
            if not columns:
                continue
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns)).mappings().all()
            out[table.name] = [dict(r) for r in rows]
    return out


def test_a_database_made_before_migrations_keeps_everything(empty_db_url, tmp_path):
    engine = make_engine(empty_db_url)
    make_pre_migration_database(engine)
    fill_old_database(engine)
    before = snapshot(engine)
    assert all(before[t] for t in ("users", "images", "figures", "collection_items", "queue_items", "queue_members"))

    live = start_live(empty_db_url, tmp_path / "data")
    server = next(live)
    try:
        alice = server.call("users.me", {}, OLD_TOKENS["alice"])
        assert alice.status_code == 200 and alice.json()["login"] == "alice"
        assert server.call("users.me", {}, OLD_TOKENS["bob"]).json()["login"] == "bob"
        collections = server.call(
            "entities-collections.list", {"projectId": before["projects"][0]["id"]}, OLD_TOKENS["alice"]
        ).json()
        assert [(c["name"], c["itemsCount"]) for c in collections["entities"]] == [("to review", 3)]
    finally:
        next(live, None)

    old_columns = {table: set(rows[0]) for table, rows in before.items() if rows}
    assert snapshot(engine, old_columns) == {table: rows for table, rows in before.items() if rows}
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert "schema_info" not in tables
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        digests = dict(conn.execute(text("SELECT login, token_digest FROM users")).all())
    assert digests == {login: hashlib.sha256(token.encode()).hexdigest() for login, token in OLD_TOKENS.items()}
    engine.dispose()


def test_migrations_build_exactly_the_tables_of_the_models(empty_db_url):
    """So that creating the models' tables on an empty database (what start-up does) equals migrating it."""
    engine = make_engine(empty_db_url)
    upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


def test_an_old_schema_of_another_version_is_refused(empty_db_url):
    engine = make_engine(empty_db_url)
    make_pre_migration_database(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE schema_info SET version = 1"))
    with pytest.raises(SchemaMismatch, match="schema version 1"):
        init_schema(engine)
    engine.dispose()


def test_servers_starting_together_on_one_empty_database_both_start(empty_db_url):
    engines = [make_engine(empty_db_url) for _ in range(4)]
    with ThreadPoolExecutor(len(engines)) as pool:
        list(pool.map(init_schema, engines))  # raises if any start failed
    with engines[0].connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    for engine in engines:
        engine.dispose()

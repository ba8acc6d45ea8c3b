"""Engine and session setup: SQLite (WAL) by default, PostgreSQL by URL.

The schema is created on an empty database and its version checked on every
start, so a server never runs against a database it does not understand.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .models import Base, SchemaInfo

SCHEMA_VERSION = 2  # 2: queue_items.review_comment


class SchemaMismatch(RuntimeError):
    pass


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            # Let SQLAlchemy emit BEGIN itself (below), instead of pysqlite's implicit one.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # A writer that began deferred and upgrades later fails at once with
            # SQLITE_BUSY when another writer got in between; IMMEDIATE waits instead.
            immediate = conn.get_execution_options().get("sqlite_immediate", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_pre_ping=True)


def init_schema(engine: Engine) -> None:
    """Create the schema on an empty database; refuse a database of another version."""
    tables = set(inspect(engine).get_table_names())
    if SchemaInfo.__tablename__ not in tables:
        Base.metadata.create_all(engine)
        with Session(engine) as s, s.begin():
            s.add(SchemaInfo(id=1, version=SCHEMA_VERSION))
        return
    with Session(engine) as s:
        version = s.scalar(select(SchemaInfo.version).where(SchemaInfo.id == 1))
    if version != SCHEMA_VERSION:
        raise SchemaMismatch(
            f"database schema version {version} does not match this server's {SCHEMA_VERSION}; "
            "this database was made by another version of Collections Desk. Start with a new "
            "--data-dir (or move the old one away); there is no automatic migration yet"
        )


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)

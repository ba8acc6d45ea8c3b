"""Bringing a database to this server's schema with the Alembic migrations in
migrations/, at every start-up.

A database made before migrations existed (table schema_info, version 2, no
alembic_version) is recorded as revision 0001 and upgraded from there. The
whole upgrade runs in one transaction behind a lock (PostgreSQL: an advisory
lock; SQLite: BEGIN IMMEDIATE), so servers starting together on one database
take turns and the later ones find nothing left to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine

from desktop_app.server.db.models import Base

MIGRATIONS = Path(__file__).parent / "migrations"
PRE_ALEMBIC_REVISION = "0001"  # the schema that called itself version 2
PRE_ALEMBIC_VERSION = 2
UPGRADE_LOCK_KEY = 0x6364_6573_6B00  # any fixed 64-bit number; "cdesk"


class SchemaMismatch(RuntimeError):
    """The database was made by a version of Collections Desk this one cannot run on."""


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def _adopt_pre_alembic(connection: Connection, config: Config) -> None:
    """Record a database of the old numbered schema as migrated to PRE_ALEMBIC_REVISION."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables or "schema_info" not in tables:
        return
    version = connection.scalar(text("SELECT version FROM schema_info WHERE id = 1"))
    if version != PRE_ALEMBIC_VERSION:
        raise SchemaMismatch(
            f"database schema version {version} is not one this server can upgrade; this database was made "
            "by another version of Collections Desk. Start with a new --data-dir (or move the old one away)"
        )
    command.stamp(config, PRE_ALEMBIC_REVISION)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other start-up runs beside."""
    with engine.connect().execution_options(sqlite_immediate=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
        yield connection


def _upgrade(connection: Connection, revision: str) -> None:
    config = _config(connection)
    _adopt_pre_alembic(connection, config)
    try:
        command.upgrade(config, revision)
    except CommandError as exc:  # e.g. a revision this server does not know
        raise SchemaMismatch(
            f"{exc}; this database was made by another version of Collections Desk. "
            "Start with a new --data-dir (or move the old one away)"
        ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision`; refuse a database newer than this server."""
    with _locked(engine) as connection:
        _upgrade(connection, revision)


def init_schema(engine: Engine) -> None:
    """Bring the database to the newest schema, as every start-up does.

    An empty database gets the tables of the models in one go and is recorded
    as migrated (Alembic's recipe for new databases; several times faster than
    replaying every migration, and a test checks that both give the same schema)."""
    with _locked(engine) as connection:
        if inspect(connection).get_table_names():
            _upgrade(connection, "head")
        else:
            Base.metadata.create_all(connection)
            command.stamp(_config(connection), "head")

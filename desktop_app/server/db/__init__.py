"""The database: engine, tables and the Alembic migrations run at start-up."""

from desktop_app.server.db.engine import make_engine, make_sessionmaker, sqlite_url
from desktop_app.server.db.schema import SchemaMismatch, init_schema

__all__ = ["SchemaMismatch", "init_schema", "make_engine", "make_sessionmaker", "sqlite_url"]

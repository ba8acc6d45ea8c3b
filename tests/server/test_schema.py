import pytest
from sqlalchemy import text

from desktop_app.server.db import SchemaMismatch, init_schema, make_engine


def test_a_database_of_an_unknown_schema_revision_is_refused_clearly(db_url):
    engine = make_engine(db_url)
    init_schema(engine)
    init_schema(engine)  # the same version starts again
    with engine.begin() as conn:
        head = conn.scalar(text("SELECT version_num FROM alembic_version"))
        conn.execute(text("UPDATE alembic_version SET version_num = 'from-the-future'"))
    try:
        with pytest.raises(SchemaMismatch, match="another version of Collections Desk"):
            init_schema(engine)
    finally:  # the PostgreSQL database is shared by the tests of this process
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        engine.dispose()

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop_app.server.db import SCHEMA_VERSION, SchemaMismatch, init_schema, make_engine
from desktop_app.server.models import SchemaInfo


def test_a_database_of_another_schema_version_is_refused_clearly(db_url):
    engine = make_engine(db_url)
    init_schema(engine)
    init_schema(engine)  # the same version starts again
    with Session(engine) as s, s.begin():
        s.execute(update(SchemaInfo).values(version=SCHEMA_VERSION - 1))
    try:
        with pytest.raises(SchemaMismatch, match="another version of Collections Desk"):
            init_schema(engine)
    finally:  # the PostgreSQL database is shared by the tests of this process
        with Session(engine) as s, s.begin():
            s.execute(update(SchemaInfo).values(version=SCHEMA_VERSION))
        engine.dispose()

"""Alembic environment: the caller (db/schema.py) passes an open connection
inside its transaction, so there is no alembic.ini and no URL here."""

from alembic import context

context.configure(connection=context.config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()

"""Alembic migrations of the server database, run at start-up by db/schema.py."""

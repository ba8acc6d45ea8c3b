"""API tokens are stored as SHA-256 digests, and schema_info gives way to alembic_version.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("token_digest", sa.String))


def upgrade() -> None:
    # A rename keeps the column's unique index; every value is then replaced by its digest.
    op.alter_column("users", "token", new_column_name="token_digest")
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.token_digest)).all()
    for user_id, token in rows:
        digest = hashlib.sha256(token.encode()).hexdigest()
        bind.execute(users.update().where(users.c.id == user_id).values(token_digest=digest))
    op.drop_table("schema_info")


def downgrade() -> None:
    raise NotImplementedError("a token cannot be recovered from its digest")

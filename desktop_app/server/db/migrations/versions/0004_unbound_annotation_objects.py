"""Annotation objects that no item holds yet: the SDK creates point-cloud objects
in a dataset (annotation-objects.bulk.add without entityId) and only its later
figures.bulk.add says which point cloud they are on. So an object's item may be
unknown for a while (image_id NULL), and the object knows its dataset.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite cannot change a column's nullability or add a constrained column in
    # place: batch mode rebuilds the table (keeping AUTOINCREMENT: ids never reused).
    with op.batch_alter_table("annotation_objects", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("image_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("dataset_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_annotation_objects_dataset_id", "datasets", ["dataset_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_annotation_objects_dataset_id", ["dataset_id"])


def downgrade() -> None:
    op.execute("DELETE FROM annotation_objects WHERE image_id IS NULL")
    with op.batch_alter_table("annotation_objects", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index("ix_annotation_objects_dataset_id")
        batch.drop_constraint("fk_annotation_objects_dataset_id", type_="foreignkey")
        batch.drop_column("dataset_id")
        batch.alter_column("image_id", existing_type=sa.Integer(), nullable=False)

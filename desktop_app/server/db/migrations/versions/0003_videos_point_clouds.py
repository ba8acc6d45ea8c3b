"""Videos and point clouds: per-item frame and point counts, objects shared by
figures across frames, the frame a figure is on and the frames a tag covers.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("images", sa.Column("frames_count", sa.Integer(), nullable=True))
    op.add_column("images", sa.Column("frame_rate", sa.Float(), nullable=True))
    op.add_column("images", sa.Column("points_count", sa.Integer(), nullable=True))
    op.add_column("image_tags", sa.Column("frame_range", sa.JSON(), nullable=True))
    op.create_table(
        "annotation_objects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("image_id", sa.Integer(), sa.ForeignKey("images.id", ondelete="CASCADE"), nullable=False),
        sa.Column("class_id", sa.Integer(), sa.ForeignKey("obj_classes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("labeler_login", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_annotation_objects_image_id", "annotation_objects", ["image_id"])
    # SQLite cannot add a constrained column in place; batch mode rebuilds the table.
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("object_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("frame_index", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_figures_object_id", "annotation_objects", ["object_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_figures_object_id", ["object_id"])


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_object_id")
        batch.drop_constraint("fk_figures_object_id", type_="foreignkey")
        batch.drop_column("frame_index")
        batch.drop_column("object_id")
    op.drop_table("annotation_objects")
    op.drop_column("image_tags", "frame_range")
    op.drop_column("images", "points_count")
    op.drop_column("images", "frame_rate")
    op.drop_column("images", "frames_count")

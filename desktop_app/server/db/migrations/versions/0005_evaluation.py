"""Evaluation of predictions (docs/evaluation-api.md): per-item counts on the
images row (indexed with the project for filtering and sorting), every box's
verdict, and each project's IoU threshold. Items stored before this revision
count 0 until their project is evaluated (`desktop-app-server evaluate`, a
threshold change, or an edit of the item).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KINDS = ("tp", "fp", "fn")


def upgrade() -> None:
    for kind in KINDS:
        op.add_column("images", sa.Column(f"eval_{kind}", sa.Integer(), nullable=False, server_default="0"))
        op.create_index(f"ix_images_project_eval_{kind}", "images", ["project_id", f"eval_{kind}", "id"])
    op.create_table(
        "evaluation_settings",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("iou_threshold", sa.Float(), nullable=False),
    )
    op.create_table(
        "figure_matches",
        sa.Column("figure_id", sa.Integer(), sa.ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("image_id", sa.Integer(), sa.ForeignKey("images.id", ondelete="CASCADE"), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("class_id", sa.Integer(), sa.ForeignKey("obj_classes.id", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.String(2), nullable=False),
        sa.Column("prediction", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("matched_figure_id", sa.Integer(), nullable=True),
        sa.Column("iou", sa.Float(), nullable=True),
    )
    op.create_index("ix_figure_matches_image_id", "figure_matches", ["image_id"])
    op.create_index("ix_figure_matches_project_kind", "figure_matches", ["project_id", "kind", "confidence"])
    op.create_index("ix_figure_matches_class_image", "figure_matches", ["class_id", "image_id"])


def downgrade() -> None:
    op.drop_table("figure_matches")
    op.drop_table("evaluation_settings")
    for kind in KINDS:
        op.drop_index(f"ix_images_project_eval_{kind}", "images")
        op.drop_column("images", f"eval_{kind}")

"""The server's tables. One row per entity of the v3 protocol; figures and
image tags are rows of their own so that filters can use indexes.
Changes to them need a migration in migrations/versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop_app.server.timeutil import utcnow

NAME_MAX = 255  # longest name accepted for any entity


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Stamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class User(Stamped, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    email: Mapped[str | None] = mapped_column(String(NAME_MAX), nullable=True)
    role: Mapped[str] = mapped_column(String(32), default="user")  # "admin" | "user"
    token_digest: Mapped[str] = mapped_column(String(256), unique=True)  # SHA-256 of the API token, hex
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Team(Stamped, Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class TeamMember(Base):
    __tablename__ = "team_members"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # Supervisely team roles: admin, manager, developer, annotator, reviewer, viewer
    role: Mapped[str] = mapped_column(String(32), default="developer")


class Workspace(Stamped, Base):
    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("team_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")


class Project(Stamped, Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    readme: Mapped[str] = mapped_column(Text, default="")
    # The SDK's names: images | videos | point_clouds. Every item of a project is of its type.
    type: Mapped[str] = mapped_column(String(32), default="images")
    custom_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Dataset(Stamped, Base):
    __tablename__ = "datasets"
    __table_args__ = (UniqueConstraint("project_id", "parent_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), nullable=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    custom_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class ObjClass(Base):
    __tablename__ = "obj_classes"
    __table_args__ = (UniqueConstraint("project_id", "title"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    shape: Mapped[str] = mapped_column(String(32), default="rectangle")
    color: Mapped[str] = mapped_column(String(7), default="#FF0000")
    hotkey: Mapped[str] = mapped_column(String(16), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class TagMeta(Base):
    __tablename__ = "tag_metas"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    # none | any_string | any_number | oneof_string | date
    value_type: Mapped[str] = mapped_column(String(32), default="none")
    values: Mapped[list[Any]] = mapped_column(JSON, default=list)
    color: Mapped[str] = mapped_column(String(7), default="#0000FF")
    # all | imagesOnly | objectsOnly
    applicable_type: Mapped[str] = mapped_column(String(32), default="all")
    hotkey: Mapped[str] = mapped_column(String(16), default="")


class Image(Stamped, Base):
    """One item of a dataset: an image, a video or a point cloud (its project's type).

    All three share this table, so they share one id space, as the SDK assumes
    (it deletes videos through images.bulk.remove and renames them through
    images.editInfo)."""

    __tablename__ = "images"
    __table_args__ = (
        UniqueConstraint("dataset_id", "name"),
        # size rides along so that image counts and byte sums per project or
        # dataset are read from the index alone (160 ms -> 75 ms at 1M images)
        Index("ix_images_project_id_id", "project_id", "id", "size"),
        Index("ix_images_dataset_id_id", "dataset_id", "id", "size"),
        Index("ix_images_project_eval_fp", "project_id", "eval_fp", "id"),
        Index("ix_images_project_eval_tp", "project_id", "eval_tp", "id"),
        Index("ix_images_project_eval_fn", "project_id", "eval_fn", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    hash: Mapped[str] = mapped_column(String(128), default="")
    mime: Mapped[str] = mapped_column(String(64), default="image/jpeg")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    # File under the storage folder; None means "render from the id" (demo images).
    storage_path: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    labels_count: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Bumped on every annotation save; used to detect concurrent edits.
    ann_updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ann_version: Mapped[int] = mapped_column(Integer, default=1)
    # Videos: frame count and frames per second (duration = frames_count / frame_rate).
    frames_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    frame_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Point clouds: number of points in the file.
    points_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Evaluation counts (server/evaluation/, docs/evaluation-api.md), kept on the
    # row so that filtering and sorting by them is an index range (migration 0005). A
    # database default only: inserts that do not name them (older code, tests) still work.
    eval_tp: Mapped[int] = mapped_column(Integer, server_default="0")
    eval_fp: Mapped[int] = mapped_column(Integer, server_default="0")
    eval_fn: Mapped[int] = mapped_column(Integer, server_default="0")


class ImageTag(Stamped, Base):
    __tablename__ = "image_tags"
    __table_args__ = (Index("ix_image_tags_tag_image", "tag_meta_id", "image_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    tag_meta_id: Mapped[int] = mapped_column(ForeignKey("tag_metas.id", ondelete="CASCADE"))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    labeler_login: Mapped[str | None] = mapped_column(String(NAME_MAX), nullable=True)
    # Videos: the frames [first, last] a tag applies to; None is the whole video.
    frame_range: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)


class AnnotationObject(Stamped, Base):
    """An object of a video or point cloud: one identity that figures on many frames share.

    Images have no such rows: an image figure is its own object."""

    __tablename__ = "annotation_objects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None until a figure puts the object on an item: the SDK creates point-cloud
    # objects in a dataset first and adds their figures afterwards (migration 0004).
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    dataset_id: Mapped[int | None] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), nullable=True, index=True
    )
    class_id: Mapped[int] = mapped_column(ForeignKey("obj_classes.id", ondelete="CASCADE"))
    # The annotation file's objectKey (a UUID), kept so a download gives the same keys back.
    key: Mapped[str] = mapped_column(String(64))
    # Object tags as sent on the wire: [{"tagId","name","value", optional "frameRange"}]
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    labeler_login: Mapped[str | None] = mapped_column(String(NAME_MAX), nullable=True)


class Figure(Stamped, Base):
    """One annotation object. `points` is the wire form: right/bottom edges exclusive."""

    __tablename__ = "figures"
    __table_args__ = (Index("ix_figures_class_image", "class_id", "image_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("obj_classes.id", ondelete="CASCADE"))
    geometry_type: Mapped[str] = mapped_column(String(32), default="rectangle")
    points: Mapped[dict[str, Any]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")
    # Object tags as sent on the wire: [{"tagId","name","value"}]
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    labeler_login: Mapped[str | None] = mapped_column(String(NAME_MAX), nullable=True)
    # Videos and point clouds: the object this figure belongs to (class_id is the object's).
    object_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation_objects.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # Videos: the frame the figure is on.
    frame_index: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Collection(Stamped, Base):
    __tablename__ = "collections"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(32), default="default")
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class CollectionItem(Base):
    __tablename__ = "collection_items"
    __table_args__ = (
        UniqueConstraint("collection_id", "image_id"),
        Index("ix_collection_items_image", "image_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"))
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LabelingQueue(Stamped, Base):
    __tablename__ = "labeling_queues"
    __table_args__ = (UniqueConstraint("team_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), nullable=True)
    # The queue follows this collection's current items when set.
    collection_id: Mapped[int | None] = mapped_column(ForeignKey("collections.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    readme: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # pending | in_progress | on_review | completed | stopped | review_completed
    status: Mapped[str] = mapped_column(String(32), default="pending")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    queue_meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class QueueMember(Base):
    __tablename__ = "queue_members"
    queue_id: Mapped[int] = mapped_column(ForeignKey("labeling_queues.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # "labeler" | "reviewer" | "qc"


class LabelingJob(Stamped, Base):
    """One job per labeler of a queue, as the platform reports in `jobs`."""

    __tablename__ = "labeling_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("labeling_queues.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(32), default="pending")


class QueueItem(Stamped, Base):
    """Work state of one item in a queue. Items without a row are pending."""

    __tablename__ = "queue_items"
    __table_args__ = (UniqueConstraint("queue_id", "image_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("labeling_queues.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    # pending | annotating | on_review | accepted
    status: Mapped[str] = mapped_column(String(16), default="pending")
    labeler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # The reviewer's comment on the last rejection.
    review_comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvaluationSetting(Base):
    """A project's evaluation threshold; no row means the default (0.5)."""

    __tablename__ = "evaluation_settings"
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    iou_threshold: Mapped[float] = mapped_column(Float)


class FigureMatch(Base):
    """Evaluation's verdict on one box (docs/evaluation-api.md): a prediction
    ("tp"/"fp") or a ground-truth box ("tp" matched, "fn" missed)."""

    __tablename__ = "figure_matches"
    __table_args__ = (
        Index("ix_figure_matches_project_kind", "project_id", "kind", "confidence"),
        Index("ix_figure_matches_class_image", "class_id", "image_id"),
    )
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    # The labelled class ("car" for a "car_pred" box); None when the project has no such class.
    class_id: Mapped[int | None] = mapped_column(ForeignKey("obj_classes.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(2))  # tp | fp | fn
    prediction: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    matched_figure_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    iou: Mapped[float | None] = mapped_column(Float, nullable=True)


# Ids are never reused on SQLite either (a deleted collection's id handed out
# again could receive an edit still waiting in some client's outbox).
for _table in Base.metadata.tables.values():
    _table.dialect_options["sqlite"]["autoincrement"] = True

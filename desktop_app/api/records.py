"""Typed, immutable records of the entities the v3 protocol returns.

Each has `from_json(dict)`, which needs only `id` and tolerates any other key
being absent (a real instance and the bundled server do not send the same
optional keys). Wire names are camelCase; attributes are snake_case.
Annotation-related records live in annotation_records.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import urlsplit

Json = dict[str, Any]


def parse_time(value: Any) -> datetime | None:
    """Wire timestamps ("2026-11-28T12:00:00.000Z") as aware UTC datetimes."""
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _ids(items: Any) -> tuple[int, ...]:
    """[{"id": 7, ...}] or [7] -> (7,)"""
    out = []
    for item in items or ():
        value = item.get("id") if isinstance(item, dict) else item
        if value is not None:
            out.append(int(value))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    login: str
    name: str = ""
    email: str | None = None
    role: str | None = None
    disabled: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> User:
        return cls(
            id=d["id"],
            login=d.get("login") or "",
            name=d.get("name") or "",
            email=d.get("email"),
            role=d.get("role"),
            disabled=bool(d.get("disabled")),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    description: str = ""
    role: str | None = None  # the caller's role in the team
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> Team:
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            description=d.get("description") or "",
            role=d.get("role"),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class Workspace:
    id: int
    name: str
    team_id: int | None = None
    description: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> Workspace:
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            team_id=d.get("teamId"),
            description=d.get("description") or "",
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class Project:
    id: int
    name: str
    type: str = "images"
    workspace_id: int | None = None
    team_id: int | None = None
    description: str = ""
    items_count: int | None = None
    datasets_count: int | None = None
    reference_image_url: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> Project:
        items = d.get("itemsCount")
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            type=d.get("type") or "images",
            workspace_id=d.get("workspaceId"),
            team_id=d.get("teamId"),
            description=d.get("description") or "",
            items_count=_int(items if items is not None else d.get("imagesCount")),  # the SDK's fallback
            datasets_count=_int(d.get("datasetsCount")),
            reference_image_url=d.get("referenceImageUrl"),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class Dataset:
    id: int
    name: str
    project_id: int | None = None
    parent_id: int | None = None
    description: str = ""
    items_count: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> Dataset:
        items = d.get("itemsCount")
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            project_id=d.get("projectId"),
            parent_id=d.get("parentId"),
            description=d.get("description") or "",
            items_count=_int(items if items is not None else d.get("imagesCount")),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class ImageTag:
    """A tag on an image or an object. `tag_id` is the TagMeta id; `name` comes
    with annotations, not with images.list (look it up in the ProjectMeta)."""

    tag_id: int | None
    value: Any = None
    id: int | None = None
    name: str | None = None
    labeler_login: str | None = None

    @classmethod
    def from_json(cls, d: Json) -> ImageTag:
        return cls(
            tag_id=d.get("tagId"),
            value=d.get("value"),
            id=d.get("id"),
            name=d.get("name"),
            labeler_login=d.get("labelerLogin"),
        )


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _video_timing(d: Json) -> tuple[float | None, float | None]:
    """(frames per second, duration in seconds) of a VideoInfo: its fileMeta, or its first stream."""
    raw_meta, meta, stream = d.get("fileMeta"), {}, {}
    if isinstance(raw_meta, dict):
        meta = raw_meta
    streams = meta.get("streams")
    if isinstance(streams, list) and streams and isinstance(streams[0], dict):
        stream = streams[0]
    fps = _float(meta.get("fps", meta.get("frameRate", stream.get("framesPerSecond", stream.get("avgFrameRate")))))
    duration = _float(meta.get("duration", stream.get("duration")))
    frames = _int(d.get("framesCount", meta.get("framesCount")))
    if duration is None and fps and frames:
        duration = frames / fps
    if fps is None and duration and frames:
        fps = frames / duration
    return fps, duration


@dataclass(frozen=True, slots=True)
class ItemEvaluation:
    """An item's evaluation counts (docs/evaluation-api.md): true positives,
    false positives and missed ground truth ("fn")."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def from_json(cls, d: Json) -> ItemEvaluation:
        return cls(tp=_int(d.get("tp")) or 0, fp=_int(d.get("fp")) or 0, fn=_int(d.get("fn")) or 0)


@dataclass(frozen=True, slots=True)
class Image:
    """An item of a project: an image, or a video or a point cloud, whose listings
    answer the same shape plus a few keys of their own (the frames of a video, the
    points of a point cloud). One record keeps the gallery and its filters generic."""

    id: int
    name: str
    dataset_id: int | None = None
    project_id: int | None = None
    width: int | None = None
    height: int | None = None
    labels_count: int = 0
    tags: tuple[ImageTag, ...] = ()
    mime: str | None = None
    size: int | None = None
    full_storage_url: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    frames_count: int | None = None  # a video's
    frame_rate: float | None = None  # a video's frames per second
    duration: float | None = None  # a video's length in seconds
    points_count: int | None = None  # a point cloud's
    evaluation: ItemEvaluation | None = None  # asked for with extraFields ["evaluation"]

    @classmethod
    def from_json(cls, d: Json) -> Image:
        fps, duration = _video_timing(d) if "framesCount" in d or "fileMeta" in d else (None, None)
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            dataset_id=d.get("datasetId"),
            project_id=d.get("projectId"),
            width=d.get("width") if d.get("width") is not None else d.get("frameWidth"),
            height=d.get("height") if d.get("height") is not None else d.get("frameHeight"),
            labels_count=d.get("labelsCount") or 0,
            tags=tuple(ImageTag.from_json(t) for t in d.get("tags") or ()),
            mime=d.get("mime"),
            size=_int(d.get("size")),
            full_storage_url=d.get("fullStorageUrl"),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
            frames_count=_int(d.get("framesCount")),
            frame_rate=fps,
            duration=duration,
            points_count=_int(d.get("pointsCount")),
            evaluation=ItemEvaluation.from_json(d["evaluation"]) if isinstance(d.get("evaluation"), dict) else None,
        )

    # Evaluation counts as sort keys (0 when not asked for or not evaluated).
    @property
    def tp_count(self) -> int:
        return self.evaluation.tp if self.evaluation else 0

    @property
    def fp_count(self) -> int:
        return self.evaluation.fp if self.evaluation else 0

    @property
    def fn_count(self) -> int:
        return self.evaluation.fn if self.evaluation else 0

    def preview_url(self, width: int, height: int = 0, *, quality: int = 70, ext: str = "jpeg") -> str | None:
        """A server-resized preview (imgproxy form, as the SDK builds it); 0 keeps the aspect."""
        return preview_url(self.full_storage_url, width, height, quality=quality, ext=ext)


def preview_url(
    storage_url: str | None, width: int, height: int = 0, *, quality: int = 70, ext: str = "jpeg", method: str = "auto"
) -> str | None:
    """{scheme}://{netloc}/previews/q/ext:{ext}/resize:{method}:{w}:{h}:0/q:{q}/plain{path}"""
    if not storage_url:
        return None
    parts = urlsplit(storage_url)
    return (
        f"{parts.scheme}://{parts.netloc}/previews/q/ext:{ext}/resize:{method}:{width}:{height}:0"
        f"/q:{quality}/plain{parts.path}"
    )


@dataclass(frozen=True, slots=True)
class Collection:
    id: int
    name: str
    project_id: int | None = None
    team_id: int | None = None
    description: str = ""
    type: str = "default"
    items_count: int | None = None  # only when the server sends one
    ai_search_key: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # the bundled server's: a static collection made from a filter (options.sourceFilters)
    remembers_filter: bool = False

    @property
    def is_smart(self) -> bool:
        """Its members are the items matching its filter now (docs/smart-collections-api.md)."""
        return self.type == "smart"

    @classmethod
    def from_json(cls, d: Json) -> Collection:
        meta = d.get("meta")
        merged = {**d, **meta} if isinstance(meta, dict) else dict(d)  # as the SDK: a key inside meta wins
        count = merged.get("itemsCount", merged.get("entitiesCount"))
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            project_id=d.get("projectId"),
            team_id=d.get("teamId"),
            description=merged.get("description") or "",
            type=merged.get("type") or "default",
            items_count=_int(count),
            ai_search_key=merged.get("aiSearchKey"),
            created_at=parse_time(d.get("createdAt")),
            updated_at=parse_time(d.get("updatedAt")),
            remembers_filter=isinstance(d.get("options"), dict) and "sourceFilters" in d["options"],
        )


class CollectionItem(NamedTuple):
    """One row of entities-collections.items.bulk.add/remove `items`. A named
    tuple, not a frozen dataclass: an add of 100,000 ids answers 100,000 rows,
    and building frozen dataclasses took most of the client's time."""

    entity_id: int
    id: int | None = None
    created_at: datetime | None = None

    @classmethod
    def from_json(cls, d: Json) -> CollectionItem:
        return cls(entity_id=d["entityId"], id=d.get("id"), created_at=parse_time(d.get("createdAt")))


@dataclass(frozen=True)
class ItemsChange:
    """Answer of a bulk add/remove: the rows touched and the ids the server could not use.

    The answer's rows are kept as sent and made records only when `items` is
    read: a bulk add of 100,000 ids needs only their `entity_ids`, and building
    100,000 records was most of the client's own time in it."""

    rows: tuple[Json, ...] = ()  # the answer's `items`, as sent
    missing: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, d: Json) -> ItemsChange:
        missing = []
        for m in d.get("missing") or ():  # ints, or {"entityId": 512} in the docs
            value = m.get("entityId", m.get("id")) if isinstance(m, dict) else m
            if value is not None:
                missing.append(int(value))
        return cls(tuple(d.get("items") or ()), tuple(missing))

    @cached_property
    def items(self) -> tuple[CollectionItem, ...]:
        times: dict[Any, datetime | None] = {}  # the new rows of an add share one createdAt: parse it once
        items = []
        for i in self.rows:
            stamp = i.get("createdAt")
            if stamp not in times:
                times[stamp] = parse_time(stamp)
            items.append(CollectionItem(i["entityId"], i.get("id"), times[stamp]))
        return tuple(items)

    @cached_property
    def entity_ids(self) -> tuple[int, ...]:
        return tuple(row["entityId"] for row in self.rows)


@dataclass(frozen=True, slots=True)
class LabelingQueue:
    id: int
    name: str
    team_id: int | None = None
    project_id: int | None = None
    dataset_id: int | None = None
    collection_id: int | None = None
    created_by_id: int | None = None
    labeler_ids: tuple[int, ...] = ()
    reviewer_ids: tuple[int, ...] = ()
    job_ids: tuple[int, ...] = ()
    status: str | None = None
    entities_count: int | None = None
    accepted_count: int | None = None
    annotated_count: int | None = None
    in_progress_count: int | None = None
    pending_count: int | None = None
    meta: Json = field(default_factory=dict, compare=False)
    created_at: datetime | None = None
    finished_at: datetime | None = None
    queue_meta: Json = field(default_factory=dict, compare=False)  # the queue's options (queueMeta)
    description: str = ""

    @property
    def allows_self_review(self) -> bool:
        """A reviewer may review their own annotations (the SDK's allow_review_own_annotations)."""
        return bool(self.queue_meta.get("reviewOwnAnnotationsAvailable"))

    @classmethod
    def from_json(cls, d: Json) -> LabelingQueue:
        return cls(
            id=d["id"],
            name=d.get("name") or "",
            team_id=d.get("teamId"),
            project_id=d.get("projectId"),
            dataset_id=d.get("datasetId"),
            collection_id=d.get("collectionId"),
            created_by_id=d.get("createdBy"),
            labeler_ids=_ids(d.get("labelers")),
            reviewer_ids=_ids(d.get("reviewers")),
            job_ids=_ids(d.get("jobs")),
            status=d.get("status"),
            entities_count=_int(d.get("entitiesCount")),
            accepted_count=_int(d.get("acceptedCount")),
            annotated_count=_int(d.get("annotatedCount")),
            in_progress_count=_int(d.get("inProgressCount")),
            pending_count=_int(d.get("pendingCount")),
            meta=d.get("meta") or {},
            created_at=parse_time(d.get("createdAt")),
            finished_at=parse_time(d.get("finishedAt")),
            queue_meta=d.get("queueMeta") or {},
            description=d.get("description") or "",
        )


@dataclass(frozen=True, slots=True)
class QueueEntity:
    """An item of a labeling queue (labeling-queues.stats.entities, and the
    queue work methods' `entity`). Beyond `id` the keys are not pinned down by
    the protocol, so the whole object is kept in `raw`. `status` is the
    server's own word (this server: pending, annotating, on_review, accepted)
    or, failing that, the wire's reviewStatus (None, "none", "done", "accepted")."""

    id: int
    name: str | None = None
    status: str | None = None
    raw: Json = field(default_factory=dict, compare=False)
    dataset_id: int | None = None
    labeler_id: int | None = None
    reviewer_id: int | None = None
    rejected_count: int = 0
    review_comment: str | None = None  # the reviewer's word on the last rejection, when sent

    @classmethod
    def from_json(cls, d: Json) -> QueueEntity:
        status = d.get("status", d.get("reviewStatus"))
        return cls(
            id=d["id"],
            name=d.get("name"),
            status=status,
            raw=d,
            dataset_id=_int(d.get("datasetId")),
            labeler_id=_int(d.get("labelerId")),
            reviewer_id=_int(d.get("reviewerId")),
            rejected_count=_int(d.get("rejectedCount")) or 0,
            review_comment=d.get("reviewComment", d.get("comment")),
        )

"""The deterministic demo project: street scenes with ground-truth boxes and
model predictions (some of them false positives), for every screen to have
something real to show, and for benchmarks with up to a million images.

Images have no file (storage_path None): the server renders them from the id.
Rows are written with plain executemany in chunks and precomputed ids, so a
million images take no ORM object per row."""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from desktop_app.server.db.models import (
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
    User,
)
from desktop_app.server.evaluation.recompute import evaluate_project
from desktop_app.server.timeutil import utcnow
from desktop_app.server.users.bootstrap import (
    ensure_member,
    ensure_team,
    ensure_user,
    ensure_workspace,
)
from desktop_app.server.users.tokens import set_token
from desktop_app.shared.predictions import CONFIDENCE_TAG

TEAM = "Demo team"
WORKSPACE = "Demo workspace"
PROJECT = "Street scenes demo"
DEMO_LOGIN = "demo"
MAX_SIZE = 1_000_000
CHUNK_IMAGES = 5_000  # images per executemany round: ~25k figure rows, bounded memory

# name -> share of the images
DATASETS = (("city-day", 0.35), ("city-night", 0.2), ("highway", 0.25), ("suburbs", 0.2))
# title -> (color, prediction color, weight among boxes, aspect w/h range, height share range)
CLASSES = {
    "car": ("#E53935", "#F48FB1", 0.40, (1.4, 2.2), (0.15, 0.40)),
    "person": ("#1E88E5", "#81D4FA", 0.35, (0.3, 0.5), (0.25, 0.65)),
    "bicycle": ("#43A047", "#C5E1A5", 0.12, (1.3, 1.8), (0.18, 0.40)),
    "dog": ("#FB8C00", "#FFE082", 0.13, (1.0, 1.6), (0.12, 0.30)),
}
SIZES = ((640, 480), (800, 600), (1024, 768), (480, 640))
SIZE_WEIGHTS = (4, 3, 2, 1)
BOX_COUNT_WEIGHTS = (10, 25, 25, 20, 12, 8)  # 0..5 ground-truth boxes
UNANNOTATED_SHARE = 0.10  # images with no figure and no tag at all
FALSE_POSITIVE_SHARE = 0.17  # of annotated images: ~15% of all images
MATCHED_SHARE = 0.88  # ground-truth boxes the model found
TAGS: tuple[tuple[str, str, list[str], str, str], ...] = (
    # name, value_type, values, applicable_type, color
    ("split", "oneof_string", ["train", "val", "test"], "imagesOnly", "#8E24AA"),
    ("weather", "oneof_string", ["sunny", "rain", "fog"], "imagesOnly", "#00897B"),
    ("reviewed", "none", [], "imagesOnly", "#3949AB"),
    (CONFIDENCE_TAG, "any_number", [], "objectsOnly", "#6D4C41"),
)


@dataclass(frozen=True)
class DemoSummary:
    token: str  # the demo user's API token
    user_id: int
    team_id: int
    workspace_id: int
    project_id: int
    dataset_ids: list[int] = field(default_factory=list)
    image_count: int = 0
    created: bool = False  # False when the project was already there


@dataclass
class _Ids:
    """Next free id per table; rows get their ids before they are written."""

    image: int
    figure: int
    tag: int


@dataclass
class _Meta:
    classes: dict[str, int]  # title -> id, predictions included ("car_pred")
    tags: dict[str, int]  # name -> id


@dataclass
class _Rows:
    images: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)


def _pick(rng: random.Random, items: Sequence, weights: Sequence[float]):
    return rng.choices(items, weights)[0]


def _random_box(rng: random.Random, title: str, width: int, height: int) -> tuple[int, int, int, int]:
    _c, _p, _w, (amin, amax), (hmin, hmax) = CLASSES[title]
    bh = max(8, int(height * rng.uniform(hmin, hmax)))
    bw = max(8, min(int(width * 0.9), int(bh * rng.uniform(amin, amax))))
    left = rng.randint(0, width - bw)
    top = rng.randint(int((height - bh) * 0.3), height - bh)  # objects stand on the lower part
    return left, top, left + bw, top + bh


def _jitter(rng: random.Random, box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, ...]:
    left, t, r, b = box
    dx, dy = max(1, (r - left) // 16), max(1, (b - t) // 16)
    left = min(max(0, left + rng.randint(-dx, dx)), width - 2)
    t = min(max(0, t + rng.randint(-dy, dy)), height - 2)
    r = min(width, max(left + 2, r + rng.randint(-dx, dx)))
    b = min(height, max(t + 2, b + rng.randint(-dy, dy)))
    return left, t, r, b


def _points(box: Sequence[int]) -> str:
    # Same text json.dumps gives, so rows look as if the ORM wrote them.
    left, t, r, b = box
    return f'{{"exterior": [[{left}, {t}], [{r}, {b}]], "interior": []}}'


def _confidence(tag_id: int, value: float) -> str:
    return f'[{{"tagId": {tag_id}, "name": "{CONFIDENCE_TAG}", "value": {value!r}}}]'


@dataclass
class _Generator:
    """Draws every image's row, figures and tags from one seeded random stream."""

    seed: int
    project_id: int
    user_id: int
    meta: _Meta
    ids: _Ids
    now: object  # creation time, in the form the driver stores
    rows: _Rows = field(default_factory=_Rows)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def image(self, index: int, dataset_id: int, dataset_name: str) -> None:
        rng, ids, image_id = self.rng, self.ids, self.ids.image
        width, height = _pick(rng, SIZES, SIZE_WEIGHTS)
        figures: list[tuple[str, Sequence[int], str]] = []  # class title, box, object tags json
        tags: list[tuple[str, str]] = []  # tag name, value json
        if rng.random() >= UNANNOTATED_SHARE:
            tags = self._tags()
            figures = self._figures(width, height)
        digest = base64.b64encode(hashlib.sha256(f"demo:{self.seed}:{index}".encode()).digest()).decode()
        self.rows.images.append(
            (
                image_id,
                dataset_id,
                self.project_id,
                f"{dataset_name}_{index:07d}.jpg",
                digest,
                "image/jpeg",
                0,
                width,
                height,
                None,
                len(figures),
                "{}",
                "",
                self.user_id,
                self.now,
                1,
                self.now,
                self.now,
                0,
                0,
                0,
            )
        )
        for title, box, tags_json in figures:
            self.rows.figures.append(
                (
                    ids.figure,
                    image_id,
                    self.meta.classes[title],
                    "rectangle",
                    _points(box),
                    "",
                    tags_json,
                    DEMO_LOGIN,
                    self.now,
                    self.now,
                )
            )
            ids.figure += 1
        for name, value in tags:
            self.rows.tags.append((ids.tag, image_id, self.meta.tags[name], value, DEMO_LOGIN, self.now, self.now))
            ids.tag += 1
        ids.image += 1

    def _tags(self) -> list[tuple[str, str]]:
        rng = self.rng
        tags = [
            ("split", f'"{_pick(rng, ("train", "val", "test"), (70, 20, 10))}"'),
            ("weather", f'"{_pick(rng, ("sunny", "rain", "fog"), (60, 25, 15))}"'),
        ]
        if rng.random() < 0.25:
            tags.append(("reviewed", "null"))
        return tags

    def _figures(self, width: int, height: int) -> list[tuple[str, Sequence[int], str]]:
        """Ground truth, the model's matching predictions, and sometimes a false positive:
        a prediction of a class the ground truth does not have."""
        rng = self.rng
        titles = list(CLASSES)
        n_boxes = _pick(rng, range(6), BOX_COUNT_WEIGHTS)
        truth = [
            (title, _random_box(rng, title, width, height))
            for title in (_pick(rng, titles, [CLASSES[t][2] for t in titles]) for _ in range(n_boxes))
        ]
        figures: list[tuple[str, Sequence[int], str]] = [(title, box, "[]") for title, box in truth]
        confidence_id = self.meta.tags[CONFIDENCE_TAG]
        for title, box in truth:
            if rng.random() < MATCHED_SHARE:
                value = round(rng.uniform(0.6, 0.99), 2)
                figures.append((f"{title}_pred", _jitter(rng, box, width, height), _confidence(confidence_id, value)))
        if rng.random() < FALSE_POSITIVE_SHARE:
            present = {title for title, _ in truth}
            absent = [t for t in titles if t not in present]
            for title in rng.sample(absent, k=min(len(absent), 1 if rng.random() < 0.8 else 2)):
                value = round(rng.uniform(0.3, 0.75), 2)
                figures.append(
                    (f"{title}_pred", _random_box(rng, title, width, height), _confidence(confidence_id, value))
                )
        return figures


IMAGE_COLUMNS = (
    "id",
    "dataset_id",
    "project_id",
    "name",
    "hash",
    "mime",
    "size",
    "width",
    "height",
    "storage_path",
    "labels_count",
    "meta",
    "description",
    "created_by",
    "ann_updated_at",
    "ann_version",
    "created_at",
    "updated_at",
    "eval_tp",  # evaluation counts: 0 here, computed once the project is written (evaluate_project)
    "eval_fp",
    "eval_fn",
)
FIGURE_COLUMNS = (
    "id",
    "image_id",
    "class_id",
    "geometry_type",
    "points",
    "description",
    "tags",
    "labeler_login",
    "created_at",
    "updated_at",
)
TAG_COLUMNS = ("id", "image_id", "tag_meta_id", "value", "labeler_login", "created_at", "updated_at")
BULK_TABLES = ((Image, IMAGE_COLUMNS), (Figure, FIGURE_COLUMNS), (ImageTag, TAG_COLUMNS))


def _insert(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if conn.dialect.driver == "psycopg":
        # COPY is PostgreSQL's bulk path: several times faster than executemany.
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        with dbapi.cursor() as cursor:  # type: ignore[attr-defined]  # a psycopg cursor is a context manager
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, rows)


def _flush(conn: Connection, rows: _Rows) -> None:
    _insert(conn, Image.__tablename__, IMAGE_COLUMNS, rows.images)
    _insert(conn, Figure.__tablename__, FIGURE_COLUMNS, rows.figures)
    _insert(conn, ImageTag.__tablename__, TAG_COLUMNS, rows.tags)
    rows.images.clear()
    rows.figures.clear()
    rows.tags.clear()


def _timestamp(conn: Connection):
    """A creation time in the form each driver stores without help."""
    now: datetime = utcnow()
    if conn.dialect.name == "sqlite":
        return now.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's own SQLite format
    return now


def _reserve_ids(session: Session, conn: Connection) -> _Ids:
    if conn.dialect.name == "postgresql":
        # Explicit ids bypass the sequences: keep other writers out until commit.
        conn.execute(text("LOCK TABLE images, figures, image_tags IN EXCLUSIVE MODE"))

    def next_id(model) -> int:
        return (session.scalar(select(func.max(model.id))) or 0) + 1

    return _Ids(image=next_id(Image), figure=next_id(Figure), tag=next_id(ImageTag))


def _advance_sequences(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in ("images", "figures", "image_tags"):
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


def _dataset_sizes(size: int) -> list[int]:
    counts = [int(size * share) for _, share in DATASETS]
    counts[0] += size - sum(counts)
    return counts


def _create_meta(session: Session, project: Project) -> _Meta:
    classes = []
    for title, (color, pred_color, *_rest) in CLASSES.items():
        classes.append(
            ObjClass(
                project_id=project.id, title=title, shape="rectangle", color=color, description=f"ground truth: {title}"
            )
        )
        classes.append(
            ObjClass(
                project_id=project.id,
                title=f"{title}_pred",
                shape="rectangle",
                color=pred_color,
                description=f"model prediction: {title}",
            )
        )
    tags = [
        TagMeta(project_id=project.id, name=name, value_type=vt, values=values, applicable_type=applies, color=color)
        for name, vt, values, applies, color in TAGS
    ]
    session.add_all([*classes, *tags])
    session.flush()
    return _Meta(classes={c.title: c.id for c in classes}, tags={t.name: t.id for t in tags})


def _existing_summary(session: Session, user: User, token: str, project: Project, workspace_id: int) -> DemoSummary:
    dataset_ids = list(session.scalars(select(Dataset.id).where(Dataset.project_id == project.id).order_by(Dataset.id)))
    count = session.scalar(select(func.count()).select_from(Image).where(Image.project_id == project.id)) or 0
    return DemoSummary(token, user.id, project.team_id, workspace_id, project.id, dataset_ids, count, False)


def _chunks(total: int, size: int) -> Iterable[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def build_demo(session: Session, *, size: int = 300, seed: int = 0, admin: User | None = None) -> DemoSummary:
    """Create the demo team, user and project, unless the project exists already.

    Runs inside the caller's transaction; the same seed gives the same rows."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"demo size must be from 1 to {MAX_SIZE:,}, got {size}")
    team = ensure_team(session, TEAM, "Demo data generated by the bundled server")
    workspace = ensure_workspace(session, team, WORKSPACE)
    user = session.scalar(select(User).where(User.login == DEMO_LOGIN)) or ensure_user(
        session, DEMO_LOGIN, name="Demo user"
    )
    # Only a digest of a token is stored, so the demo user gets a new token
    # every time the demo is prepared: the one in the summary always works.
    token = set_token(user)
    ensure_member(session, team, user, "admin")
    if admin is not None:
        ensure_member(session, team, admin, "admin")
    project = session.scalar(select(Project).where(Project.workspace_id == workspace.id, Project.name == PROJECT))
    if project is not None:
        return _existing_summary(session, user, token, project, workspace.id)

    project = Project(
        workspace_id=workspace.id,
        team_id=team.id,
        name=PROJECT,
        type="images",
        created_by=user.id,
        description="Street scenes with ground truth and model predictions (demo data)",
    )
    session.add(project)
    session.flush()
    datasets = [Dataset(project_id=project.id, name=name, created_by=user.id) for name, _ in DATASETS]
    session.add_all(datasets)
    session.flush()
    meta = _create_meta(session, project)

    conn = session.connection()
    gen = _Generator(seed, project.id, user.id, meta, _reserve_ids(session, conn), _timestamp(conn))
    plan = [(ds.id, ds.name) for ds, count in zip(datasets, _dataset_sizes(size), strict=True) for _ in range(count)]
    for chunk in _chunks(size, CHUNK_IMAGES):
        for index in chunk:
            gen.image(index, *plan[index])
        _flush(conn, gen.rows)
    _advance_sequences(conn)
    evaluate_project(session, project.id)  # triage data out of the box
    return DemoSummary(token, user.id, team.id, workspace.id, project.id, [d.id for d in datasets], size, True)

"""The demo project: its contents, false positives a user can find, determinism
(rows and rendered bytes), idempotence, and the speed of large builds."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
from desktop_app.server.db.models import (
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
    Team,
    TeamMember,
    User,
)
from desktop_app.server.demo.builder import (
    BULK_TABLES,
    DATASETS,
    PROJECT,
    SIZES,
    build_demo,
)
from desktop_app.server.images.source import read_original
from desktop_app.server.settings import ServerSettings
from desktop_app.server.users.bootstrap import ensure_user
from desktop_app.server.users.tokens import user_with_token


def open_db(url: str):
    engine = make_engine(url)
    init_schema(engine)
    return engine, make_sessionmaker(engine)


@pytest.fixture
def sessions(db_url):
    engine, maker = open_db(db_url)
    yield maker
    engine.dispose()


def build(sessions, **kw):
    with sessions() as s, s.begin():
        return build_demo(s, **kw)


def counts(sessions) -> dict[str, int]:
    with sessions() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (User, Team, TeamMember, Project, Dataset, ObjClass, TagMeta, Image, Figure, ImageTag)
        }


def snapshot(sessions) -> dict[str, list]:
    """Every demo row without ids and timestamps."""
    with sessions() as s:
        images = s.execute(
            select(
                Dataset.name,
                Image.name,
                Image.width,
                Image.height,
                Image.hash,
                Image.mime,
                Image.labels_count,
                Image.storage_path,
            )
            .join(Dataset, Dataset.id == Image.dataset_id)
            .order_by(Image.id)
        ).all()
        figures = s.execute(
            select(Image.name, ObjClass.title, Figure.geometry_type, Figure.points, Figure.tags)
            .join(Image, Image.id == Figure.image_id)
            .join(ObjClass, ObjClass.id == Figure.class_id)
            .order_by(Figure.id)
        ).all()
        tags = s.execute(
            select(Image.name, TagMeta.name, ImageTag.value)
            .join(Image, Image.id == ImageTag.image_id)
            .join(TagMeta, TagMeta.id == ImageTag.tag_meta_id)
            .order_by(ImageTag.id)
        ).all()
        for fig in figures:  # tag ids depend on the database; names and values must not
            for tag in fig.tags:
                tag.pop("tagId")
    return {
        "images": [tuple(r) for r in images],
        "figures": [tuple(r) for r in figures],
        "tags": [tuple(r) for r in tags],
    }


def images_with(s, project_id: int, present: str, absent: str) -> set[int]:
    """Images with a figure of class `present` and none of class `absent`."""

    def has(title: str):
        cls = aliased(ObjClass)
        return exists().where(
            Figure.image_id == Image.id, Figure.class_id == cls.id, cls.title == title, cls.project_id == project_id
        )

    return set(s.scalars(select(Image.id).where(Image.project_id == project_id, has(present), ~has(absent))))


def test_demo_contents(sessions):
    summary = build(sessions, size=300)
    assert summary.created and summary.image_count == 300 and len(summary.dataset_ids) == len(DATASETS)
    with sessions() as s:
        project = s.get(Project, summary.project_id)
        assert (project.name, project.type) == (PROJECT, "images")
        assert user_with_token(s, summary.token).id == summary.user_id
        names = list(s.scalars(select(Dataset.name).where(Dataset.project_id == project.id).order_by(Dataset.id)))
        assert names == [n for n, _ in DATASETS]
        per_dataset = Counter(s.scalars(select(Image.dataset_id).where(Image.project_id == project.id)))
        assert sum(per_dataset.values()) == 300 and all(per_dataset[d] > 0 for d in summary.dataset_ids)

        classes = {c.title: c for c in s.scalars(select(ObjClass).where(ObjClass.project_id == project.id))}
        assert set(classes) == {
            "car",
            "person",
            "bicycle",
            "dog",
            "car_pred",
            "person_pred",
            "bicycle_pred",
            "dog_pred",
        }
        assert {c.shape for c in classes.values()} == {"rectangle"}
        assert len({c.color for c in classes.values()}) == 8
        metas = {t.name: t for t in s.scalars(select(TagMeta).where(TagMeta.project_id == project.id))}
        assert (metas["confidence"].value_type, metas["confidence"].applicable_type) == ("any_number", "objectsOnly")
        assert metas["split"].values == ["train", "val", "test"] and metas["weather"].value_type == "oneof_string"
        assert metas["reviewed"].value_type == "none"

        images = list(s.scalars(select(Image).where(Image.project_id == project.id)))
        assert all(i.storage_path is None for i in images)
        assert {(i.width, i.height) for i in images} <= set(SIZES)
        figures = list(
            s.scalars(select(Figure).join(Image, Image.id == Figure.image_id).where(Image.project_id == project.id))
        )
        by_image = Counter(f.image_id for f in figures)
        assert all(i.labels_count == by_image[i.id] for i in images)
        sizes = {i.id: (i.width, i.height) for i in images}
        titles = {c.id: t for t, c in classes.items()}
        truth_per_image = Counter()
        for f in figures:
            (left, top), (right, bottom) = f.points["exterior"]
            w, h = sizes[f.image_id]
            assert 0 <= left < right <= w and 0 <= top < bottom <= h
            confidence = [tag["value"] for tag in f.tags if tag["name"] == "confidence"]
            if titles[f.class_id].endswith("_pred"):
                assert len(confidence) == 1 and 0.3 <= confidence[0] <= 0.99
                assert f.tags[0]["tagId"] == metas["confidence"].id
            else:
                assert confidence == []
                truth_per_image[f.image_id] += 1
        assert max(truth_per_image.values()) <= 5

        tagged = set(s.scalars(select(ImageTag.image_id)))
        bare = [i for i in images if by_image[i.id] == 0 and i.id not in tagged]
        assert 0.04 * 300 <= len(bare) <= 0.2 * 300  # about 10% have no annotation at all
        splits = Counter(s.scalars(select(ImageTag.value).where(ImageTag.tag_meta_id == metas["split"].id)))
        assert set(splits) == {"train", "val", "test"}


def test_false_positives_can_be_found_by_class_presence(sessions):
    summary = build(sessions, size=300)
    with sessions() as s:
        false_positive = set()
        for name in ("car", "person", "bicycle", "dog"):
            found = images_with(s, summary.project_id, f"{name}_pred", name)
            false_positive |= found
            for image_id in found:  # what the filter finds is really a prediction without ground truth
                titles = set(
                    s.scalars(
                        select(ObjClass.title)
                        .join(Figure, Figure.class_id == ObjClass.id)
                        .where(Figure.image_id == image_id)
                    )
                )
                assert f"{name}_pred" in titles and name not in titles
        assert images_with(s, summary.project_id, "dog_pred", "dog")
        assert 0.08 * 300 <= len(false_positive) <= 0.25 * 300
        # Most ground truth has a matching prediction.
        matched = len(images_with(s, summary.project_id, "car", "car_pred"))
        with_car = s.scalar(
            select(func.count(func.distinct(Figure.image_id))).join(ObjClass).where(ObjClass.title == "car")
        )
        assert matched < with_car / 2


def test_false_positives_through_images_list_filters(live):
    with live.sessions()() as s, s.begin():
        admin = ensure_user(s, "admin", token="ADMIN", role="admin")
        summary = build_demo(s, size=120, admin=admin)
    with live.sessions()() as s:
        ids = {t: s.scalar(select(ObjClass.id).where(ObjClass.title == t)) for t in ("dog", "dog_pred")}
        expected = images_with(s, summary.project_id, "dog_pred", "dog")
    body = {
        "projectId": summary.project_id,
        "per_page": 500,
        "filters": [
            {"type": "objects_class", "data": {"classId": ids["dog_pred"], "from": 1, "include": True}},
            {"type": "objects_class", "data": {"classId": ids["dog"], "from": 1, "include": False}},
        ],
    }
    r = live.call("images.list", body, "ADMIN")
    assert r.status_code == 200, r.text
    assert expected and {e["id"] for e in r.json()["entities"]} == expected


def test_idempotent_and_admin_joins_the_team(sessions):
    first = build(sessions, size=40)
    before = counts(sessions)
    with sessions() as s, s.begin():
        admin = ensure_user(s, "admin", token="ADMIN", role="admin")
        again = build_demo(s, size=999, seed=5, admin=admin)
    assert not again.created
    assert (again.project_id, again.dataset_ids, again.image_count) == (first.project_id, first.dataset_ids, 40)
    with sessions() as s:  # only digests are stored: preparing the demo again issues a new token
        assert user_with_token(s, again.token).id == first.user_id
        assert user_with_token(s, first.token) is None
    after = counts(sessions)
    assert after == {**before, "users": before["users"] + 1, "team_members": before["team_members"] + 1}
    with sessions() as s:
        assert s.get(TeamMember, (first.team_id, admin.id)).role == "admin"


def test_same_seed_same_rows_and_pictures(tmp_path: Path):
    built = []
    for name in ("a", "b", "c"):
        engine, maker = open_db(f"sqlite:///{tmp_path / name}.sqlite")
        build(maker, size=60, seed=7 if name != "c" else 8)
        settings = ServerSettings(db_url="unused", data_dir=tmp_path / name)
        with maker() as s:
            image = s.scalars(select(Image).where(Image.labels_count > 0).order_by(Image.id)).first()
            picture = read_original(settings, s, image)
        built.append((snapshot(maker), picture))
        engine.dispose()
    (rows_a, pic_a), (rows_b, pic_b), (rows_c, _) = built
    assert rows_a == rows_b and pic_a == pic_b
    assert rows_a["images"] != rows_c["images"]


def test_rows_keep_working_with_the_orm_after_a_bulk_build(sessions):
    """Precomputed ids must leave the id sequences (PostgreSQL) ready for the next insert."""
    summary = build(sessions, size=30)
    with sessions() as s, s.begin():
        image = s.scalars(select(Image).where(Image.project_id == summary.project_id)).first()
        car = s.scalar(select(ObjClass.id).where(ObjClass.title == "car"))
        copy = Image(dataset_id=image.dataset_id, project_id=image.project_id, name="new.jpg", width=10, height=10)
        s.add(copy)
        s.flush()
        figure = Figure(image_id=copy.id, class_id=car, points={"exterior": [[0, 0], [5, 5]], "interior": []})
        tag = ImageTag(image_id=copy.id, tag_meta_id=s.scalar(select(TagMeta.id).where(TagMeta.name == "reviewed")))
        s.add_all([figure, tag])
        s.flush()
        assert copy.id > image.id and figure.id and tag.id


def test_bad_size_writes_nothing(sessions):
    before = counts(sessions)
    for size in (0, -3, 1_000_001):
        with pytest.raises(ValueError):
            build(sessions, size=size)
    assert counts(sessions) == before


def test_bulk_insert_writes_every_column():
    """A column added to these tables must be added to the demo's bulk rows too,
    unless it is a nullable one with no default (video and point-cloud columns,
    which stay NULL on images)."""
    for model, columns in BULK_TABLES:
        left_out = {c.name for c in model.__table__.columns} - set(columns)
        assert set(columns) <= {c.name for c in model.__table__.columns}, model.__tablename__
        for name in left_out:
            column = model.__table__.columns[name]
            assert column.nullable and column.default is None, f"{model.__tablename__}.{name}"


@pytest.mark.benchmark
@pytest.mark.parametrize("size", [100_000])
def test_large_demo_build_time(sessions, size):
    start = time.perf_counter()
    summary = build(sessions, size=size)
    elapsed = time.perf_counter() - start
    print(f"\ndemo build of {size:,} images: {elapsed:.1f} s")
    assert counts(sessions)["images"] == summary.image_count == size
    assert elapsed < 60

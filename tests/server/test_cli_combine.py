"""desktop-app-server collections list|combine on a real database file: the
same checks and SQL as entities-collections.combine, no server running."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.server.cli import main
from desktop_app.server.db import init_schema, make_engine, make_sessionmaker, sqlite_url
from desktop_app.server.db.models import Collection, CollectionItem
from tests.server.world import build_world


@pytest.fixture
def db(tmp_path):
    """The server's database file with world.py's rows and two collections of P1:
    a = d1[0..3], b = d1[2..4]."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(sqlite_url(data / "server.sqlite"))
    init_schema(engine)
    sessions = make_sessionmaker(engine)
    world = build_world(sessions)
    d1 = world.images["d1"]
    with sessions() as s, s.begin():
        made = {}
        for name, ids in (("a", d1[0:4]), ("b", d1[2:5])):
            c = Collection(project_id=world["p1"], team_id=world["team_a"], name=name, options={}, meta={})
            s.add(c)
            s.flush()
            s.add_all(CollectionItem(collection_id=c.id, image_id=i, meta={}) for i in ids)
            made[name] = c.id
    yield data, world, made, sessions
    engine.dispose()


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(data)])
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def members(sessions, cid) -> set[int]:
    with sessions() as s:
        return set(s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == cid)))


def everything(sessions):
    with sessions() as s:
        return (
            sorted((c.id, c.name) for c in s.scalars(select(Collection))),
            sorted((i.collection_id, i.image_id) for i in s.scalars(select(CollectionItem))),
        )


def test_list_shows_ids_names_and_counts(db, capsys):
    data, world, made, _ = db
    code, out, _ = run(capsys, data, "collections", "list", "--project", str(world["p1"]))
    assert code == 0
    lines = out.splitlines()
    assert "'P1'" in lines[0] and lines[0].endswith(": 2")
    assert lines[1].split() == [str(made["a"]), "4", "items", "a"]
    assert lines[2].split() == [str(made["b"]), "3", "items", "b"]
    code, _, err = run(capsys, data, "collections", "list", "--project", "999999")
    assert code == 2 and "no project with id 999999" in err


def test_dry_run_prints_counts_and_writes_nothing(db, capsys):
    data, world, made, sessions = db
    before = everything(sessions)
    code, out, _ = run(
        capsys, data, "collections", "combine", "--project", str(world["p1"]), "--op", "union",
        "--into-id", str(made["b"]), "--dry-run", str(made["a"]), str(made["b"]),
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == "union of 2 collections: 5 items, 2 of them new to 'b'. Dry run: nothing was written."
    assert "Note:" in out  # b is a source as well as the target
    assert everything(sessions) == before


@pytest.mark.parametrize(("op", "want"), [("union", {0, 1, 2, 3, 4}), ("intersection", {2, 3}), ("difference", {0, 1})])
def test_combine_into_a_new_collection(db, capsys, op, want):
    data, world, made, sessions = db
    d1 = world.images["d1"]
    code, out, err = run(
        capsys, data, "collections", "combine", "--project", str(world["p1"]), "--op", op,
        "--into", f"{op} result", str(made["a"]), str(made["b"]),
    )  # fmt: skip
    assert code == 0, err
    assert f"{len(want)} items" in out and f"Created collection '{op} result'" in out
    with sessions() as s:
        new = s.scalar(select(Collection).where(Collection.name == f"{op} result"))
        assert new is not None and new.project_id == world["p1"]
    assert members(sessions, new.id) == {d1[i] for i in want}


def test_combine_into_an_existing_collection(db, capsys):
    data, world, made, sessions = db
    d1 = world.images["d1"]
    code, out, _ = run(
        capsys, data, "collections", "combine", "--project", str(world["p1"]), "--op", "union",
        "--into-id", str(made["b"]), str(made["a"]), str(made["b"]),
    )  # fmt: skip
    assert code == 0 and "Added 2 new items to 'b'" in out
    assert members(sessions, made["b"]) == set(d1)


def test_bad_input_is_one_line_and_changes_nothing(db, capsys):
    data, world, made, sessions = db
    before = everything(sessions)
    p1, a, b = str(world["p1"]), str(made["a"]), str(made["b"])
    base = ["collections", "combine", "--project", p1, "--op", "union"]
    for args, words in [
        ([*base, "--into", "A", a, b], "already exists"),
        ([*base, "--into", "n", a], "at least 2"),
        ([*base, "--into", "n", a, "999999"], "no collection with id 999999"),
        ([*base, "--into-id", "999999", a, b], "no collection with id 999999"),
        (
            ["collections", "combine", "--project", str(world["p2"]), "--op", "union", "--into", "n", a, b],
            "another project",
        ),
        (["collections", "combine", "--project", "999999", "--op", "union", "--into", "n", a, b], "no project"),
    ]:
        code, out, err = run(capsys, data, *args)
        assert code == 2 and err.startswith("error: ") and words in err, (args, err)
        assert out == "" and len(err.splitlines()) == 1
    for args in ([*base, a, b], [*base, "--into", "n", "--into-id", a, a, b], [*base[:-2], "--op", "xor", a, b]):
        with pytest.raises(SystemExit):  # argparse's own usage errors
            main([*args, "--data-dir", str(data)])
    capsys.readouterr()
    assert everything(sessions) == before

"""The page figures, in this process: one 1,000-row images.list page deep in a
list over HTTP, against the least the server could do for the same answer:
the raw SQL of those rows, their tags and the count, on the same SQLite file,
encoded with json.dumps. `deep_page` pages the whole project by id;
evaluation_page.py the items with a false positive by their count."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tools.bench import config
from tools.bench.results import Result
from tools.bench.stats import alternate, median

PER_PAGE = 1000
WARM_UP = 1  # both sides read the same pages once first, so neither pays for a cold file cache alone

Run = tuple[float, int]  # seconds, rows


def deep_page(total: int) -> int:
    """The second-to-last full page of `total` rows: deep, and the same rows each run
    (the first when there are few)."""
    return max(1, total // PER_PAGE - 1)


def http_list_page(url: str, token: str, body: dict[str, Any]) -> Run:
    """One images.list call: the request and the decoding of its answer."""
    with httpx.Client(base_url=url, headers={"x-api-key": token}, timeout=120) as http:
        started = time.perf_counter()
        answer = http.post("/public/api/v3/images.list", json=body)
        answer.raise_for_status()
        rows = answer.json()["entities"]
        return time.perf_counter() - started, len(rows)


def raw_list_page(
    database: Path,
    project_id: int,
    page: int,
    *,
    where: str = "project_id = ?",
    order: str = "id",
    each_row: Callable[[dict[str, Any]], None] | None = None,
) -> Run:
    """The same page straight from SQLite: count, rows, their tags (and `each_row`'s
    additions), then json.dumps. `where` takes the project id as its one parameter."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        started = time.perf_counter()
        total = db.execute(f"SELECT count(*) FROM images WHERE {where}", (project_id,)).fetchone()[0]
        rows = [
            dict(r)
            for r in db.execute(
                f"SELECT * FROM images WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                (project_id, PER_PAGE, (page - 1) * PER_PAGE),
            )
        ]
        ids = [r["id"] for r in rows]
        tags: dict[int, list[dict]] = {}
        for tag in db.execute(f"SELECT * FROM image_tags WHERE image_id IN ({','.join('?' * len(ids))})", ids):
            tags.setdefault(tag["image_id"], []).append(dict(tag))
        for r in rows:
            r["tags"] = tags.get(r["id"], [])
            if each_row is not None:
                each_row(r)
        json.dumps({"total": total, "page": page, "entities": rows}, default=str).encode()
        return time.perf_counter() - started, len(rows)


def http_page(url: str, token: str, project_id: int, page: int) -> Run:
    body = {"projectId": project_id, "page": page, "per_page": PER_PAGE, "sort": "id", "sort_order": "asc"}
    return http_list_page(url, token, body)


def raw_page(database: Path, project_id: int, page: int) -> Run:
    return raw_list_page(database, project_id, page)


def http_against_raw(http: Callable[[], Run], raw: Callable[[], Run]) -> tuple[list[Run], list[Run]]:
    """Both sides warmed up, then alternated: (the HTTP runs, the raw SQL runs)."""
    for _ in range(WARM_UP):
        http()
        raw()
    runs = max(15, config.repeat())  # one page takes ~0.1 s: fifteen runs steady the median of a noisy 2-core machine
    return alternate(http, raw, runs)


def page_result(name: str, size: int, mine: list[Run], theirs: list[Run], note: str) -> Result:
    return Result(
        name,
        size,
        median([t for t, _ in mine]),
        median([t for t, _ in theirs]),
        runs={"http": [t for t, _ in mine], "raw_sql": [t for t, _ in theirs]},
        note=note,
    )

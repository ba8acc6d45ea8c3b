"""The deep-page figure, in this process: one 1,000-row images.list page near
the end of the project over HTTP, against the least the server could do for
the same answer: the raw SQL of those rows, their tags and the count, on the
same SQLite file, encoded with json.dumps."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import httpx

PER_PAGE = 1000


def deep_page(total: int) -> int:
    """The second-to-last full page: deep, and the same rows each run."""
    return max(1, total // PER_PAGE - 1)


def http_page(url: str, token: str, project_id: int, page: int) -> tuple[float, int]:
    body = {"projectId": project_id, "page": page, "per_page": PER_PAGE, "sort": "id", "sort_order": "asc"}
    with httpx.Client(base_url=url, headers={"x-api-key": token}, timeout=120) as http:
        started = time.perf_counter()
        answer = http.post("/public/api/v3/images.list", json=body)
        answer.raise_for_status()
        rows = answer.json()["entities"]
        return time.perf_counter() - started, len(rows)


def raw_page(database: Path, project_id: int, page: int) -> tuple[float, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        started = time.perf_counter()
        total = db.execute("SELECT count(*) FROM images WHERE project_id = ?", (project_id,)).fetchone()[0]
        rows = [
            dict(r)
            for r in db.execute(
                "SELECT * FROM images WHERE project_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (project_id, PER_PAGE, (page - 1) * PER_PAGE),
            )
        ]
        ids = [r["id"] for r in rows]
        tags: dict[int, list[dict]] = {}
        for tag in db.execute(f"SELECT * FROM image_tags WHERE image_id IN ({','.join('?' * len(ids))})", ids):
            tags.setdefault(tag["image_id"], []).append(dict(tag))
        for r in rows:
            r["tags"] = tags.get(r["id"], [])
        json.dumps({"total": total, "page": page, "entities": rows}, default=str).encode()
        return time.perf_counter() - started, len(rows)

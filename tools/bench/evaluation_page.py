"""The evaluation figure, in this process: one 1,000-row images.list page deep
in the items with a false positive, sorted by their false-positive count
(filter `evaluation fp >= 1`, sort `fpCount` desc, the counts asked for with
`extraFields`), over HTTP, against the raw SQL of the same rows, their tags
and the count on the same SQLite file, encoded with json.dumps."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import httpx

from tools.bench.page import PER_PAGE

FP_FILTER = {"type": "evaluation", "data": {"kind": "fp", "from": 1, "to": None, "classId": None}}


def items_with_fp(database: Path, project_id: int) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT count(*) FROM images WHERE project_id = ? AND eval_fp >= 1", (project_id,)
        ).fetchone()[0]


def deep_fp_page(matching: int) -> int:
    """The second-to-last full page of the matching items (the first when there are few)."""
    return max(1, matching // PER_PAGE - 1)


def http_fp_page(url: str, token: str, project_id: int, page: int) -> tuple[float, int]:
    body = {
        "projectId": project_id,
        "filters": [FP_FILTER],
        "sort": "fpCount",
        "sort_order": "desc",
        "extraFields": ["evaluation"],
        "page": page,
        "per_page": PER_PAGE,
    }
    with httpx.Client(base_url=url, headers={"x-api-key": token}, timeout=120) as http:
        started = time.perf_counter()
        answer = http.post("/public/api/v3/images.list", json=body)
        answer.raise_for_status()
        rows = answer.json()["entities"]
        return time.perf_counter() - started, len(rows)


def raw_fp_page(database: Path, project_id: int, page: int) -> tuple[float, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        started = time.perf_counter()
        where = "project_id = ? AND eval_fp >= 1"
        total = db.execute(f"SELECT count(*) FROM images WHERE {where}", (project_id,)).fetchone()[0]
        rows = [
            dict(r)
            for r in db.execute(
                f"SELECT * FROM images WHERE {where} ORDER BY eval_fp DESC, id DESC LIMIT ? OFFSET ?",
                (project_id, PER_PAGE, (page - 1) * PER_PAGE),
            )
        ]
        ids = [r["id"] for r in rows]
        tags: dict[int, list[dict]] = {}
        for tag in db.execute(f"SELECT * FROM image_tags WHERE image_id IN ({','.join('?' * len(ids))})", ids):
            tags.setdefault(tag["image_id"], []).append(dict(tag))
        for r in rows:
            r["tags"] = tags.get(r["id"], [])
            r["evaluation"] = {"tp": r["eval_tp"], "fp": r["eval_fp"], "fn": r["eval_fn"]}
        json.dumps({"total": total, "page": page, "entities": rows}, default=str).encode()
        return time.perf_counter() - started, len(rows)

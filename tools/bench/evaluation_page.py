"""The evaluation figure: the page figure (page.py) deep in the items with a
false positive, sorted by their false-positive count (filter `evaluation fp
>= 1`, sort `fpCount` desc, the counts asked for with `extraFields`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tools.bench.page import PER_PAGE, Run, http_list_page, raw_list_page

FP_FILTER = {"type": "evaluation", "data": {"kind": "fp", "from": 1, "to": None, "classId": None}}
WITH_FP = "project_id = ? AND eval_fp >= 1"


def items_with_fp(database: Path, project_id: int) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(f"SELECT count(*) FROM images WHERE {WITH_FP}", (project_id,)).fetchone()[0]


def http_fp_page(url: str, token: str, project_id: int, page: int) -> Run:
    body = {
        "projectId": project_id,
        "filters": [FP_FILTER],
        "sort": "fpCount",
        "sort_order": "desc",
        "extraFields": ["evaluation"],
        "page": page,
        "per_page": PER_PAGE,
    }
    return http_list_page(url, token, body)


def _with_counts(row: dict[str, Any]) -> None:
    row["evaluation"] = {"tp": row["eval_tp"], "fp": row["eval_fp"], "fn": row["eval_fn"]}


def raw_fp_page(database: Path, project_id: int, page: int) -> Run:
    return raw_list_page(
        database, project_id, page, where=WITH_FP, order="eval_fp DESC, id DESC", each_row=_with_counts
    )

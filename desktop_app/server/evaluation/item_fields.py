"""images.list `"extraFields": ["evaluation"]`: the full ImageInfo plus each
item's counts. (With `fields`, "evaluation" is one of the keys: images/fields.py.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def with_evaluation(rows: Sequence[Any], entities: list[dict[str, Any]], asked: bool) -> list[dict[str, Any]]:
    if asked:
        for row, entity in zip(rows, entities, strict=True):
            entity["evaluation"] = {"tp": row.eval_tp, "fp": row.eval_fp, "fn": row.eval_fn}
    return entities

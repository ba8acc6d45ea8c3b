"""Items dragged out of the gallery or the table (onto a collection, say).

The payload is JSON under ITEM_MIME. `all_matching` means "every item matching
the current filter" (select-all without loading the list); the receiver asks
the BrowseController to resolve the ids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QMimeData

ITEM_MIME = "application/x-collections-desk-items"


@dataclass(frozen=True)
class ItemsPayload:
    project_id: int
    ids: tuple[int, ...] = ()
    all_matching: bool = False


def encode_items(project_id: int, ids: Iterable[int], all_matching: bool = False) -> QMimeData:
    ids = [int(i) for i in ids]
    body = {"project_id": int(project_id), "ids": ids, "all_matching": bool(all_matching)}
    mime = QMimeData()
    mime.setData(ITEM_MIME, json.dumps(body, separators=(",", ":")).encode())
    count = "all matching items" if all_matching else f"{len(ids)} item{'s' if len(ids) != 1 else ''}"
    mime.setText(count)  # what a plain-text drop target shows
    return mime


def decode_items(mime: QMimeData | None) -> ItemsPayload | None:
    """The payload, or None when the data is not ours or is malformed."""
    if mime is None or not mime.hasFormat(ITEM_MIME):
        return None
    try:
        body = json.loads(bytes(mime.data(ITEM_MIME).data()))
        project_id = body["project_id"]
        ids = body["ids"]
        all_matching = body.get("all_matching", False)
    except (ValueError, KeyError, TypeError):
        return None
    if not _is_id(project_id) or not isinstance(ids, list) or not all(_is_id(i) for i in ids):
        return None
    if not isinstance(all_matching, bool):
        return None
    return ItemsPayload(project_id, tuple(ids), all_matching)


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0

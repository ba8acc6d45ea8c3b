"""The drag payload of items, and what a scope accepts."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.item_mime import ITEM_MIME, ItemsPayload, decode_items, encode_items


def test_items_round_trip():
    mime = encode_items(7, [3, 1, 2])
    assert mime.hasFormat(ITEM_MIME)
    assert decode_items(mime) == ItemsPayload(7, (3, 1, 2), False)
    assert mime.text() == "3 items"
    everything = decode_items(encode_items(7, [], all_matching=True))
    assert everything == ItemsPayload(7, (), True)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"ids": [1]}',
        b'{"project_id": 0, "ids": [1]}',
        b'{"project_id": 1, "ids": "1"}',
        b'{"project_id": 1, "ids": [1, -2]}',
        b'{"project_id": 1, "ids": [true]}',
        b'{"project_id": 1, "ids": [1], "all_matching": "yes"}',
    ],
)
def test_malformed_payloads_are_not_items(raw):
    mime = QMimeData()
    mime.setData(ITEM_MIME, raw)
    assert decode_items(mime) is None


def test_other_data_is_not_items():
    mime = QMimeData()
    mime.setText(json.dumps({"project_id": 1, "ids": [1]}))
    assert decode_items(mime) is None
    assert decode_items(None) is None


def test_scopes():
    assert Scope() == Scope.all() == Scope("all")
    assert Scope.dataset(4) == Scope("dataset", 4)
    assert Scope.collection(9).kind == "collection"
    for bad in (
        lambda: Scope("all", 3),
        lambda: Scope("dataset"),
        lambda: Scope("collection", 0),
        lambda: Scope("folder", 1),
        lambda: Scope("dataset", True),
    ):
        with pytest.raises(ValueError):
            bad()

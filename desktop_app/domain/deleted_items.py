"""Undo entries after items were deleted from their datasets.

A deleted item cannot come back, so an earlier collection edit that names it
must stop naming it: undoing "Remove 3 items from “X”" after one of them was
deleted puts back the other two. (The server would refuse to resurrect it
anyway: an add of an unknown id reports it `missing` and adds nothing; this
keeps the undo texts true and sends no requests for items that are gone.)

The commands are the plain do/undo objects of collection_commands.py and
move_accepted.py; their item lists are `ids` or `items`, and a command made of
steps keeps them in `commands` or `steps`."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

ITEM_LISTS = ("ids", "items")
PARTS = ("commands", "steps")


def forget_deleted(command: Any, gone: Set[int]) -> tuple[bool, bool]:
    """Drop `gone` from the command's item lists, in place.

    Returns (changed, empty): `empty` when the command only moved items and
    none of them is left, so undoing or redoing it would do nothing."""
    changed = False
    only_items = True  # a command that also creates, renames... is never empty
    any_left = False
    for name in ITEM_LISTS:
        if not hasattr(command, name):
            continue
        before = tuple(getattr(command, name))
        kept = tuple(i for i in before if i not in gone)
        if kept != before:
            setattr(command, name, kept)
            changed = True
        any_left = any_left or bool(kept)
    parts = [p for name in PARTS for p in getattr(command, name, ())]
    if parts:
        results = [forget_deleted(p, gone) for p in parts]
        changed = changed or any(c for c, _ in results)
        return changed, all(e for _, e in results)
    if not hasattr(command, "ids"):  # creates, deletes, renames: they do more than move items
        only_items = False
    return changed, only_items and not any_left

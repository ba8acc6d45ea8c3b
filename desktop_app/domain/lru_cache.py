"""A least-recently-used cache bounded by a total cost: one per entry unless
`cost(value)` says otherwise (the bytes of a picture). The app's caches of
thumbnails, full pictures and annotation boxes all are one of these."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class LruCache(Generic[K, V]):
    def __init__(self, max_cost: int, cost: Callable[[V], int] = _one) -> None:
        self.max_cost = max_cost
        self.total_cost = 0
        self._cost = cost
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()  # oldest first

    def get(self, key: K) -> V | None:
        """The value, now the most recently used; None when not cached."""
        entry = self._items.get(key)
        if entry is None:
            return None
        self._items.move_to_end(key)
        return entry[0]

    def peek(self, key: K) -> V | None:
        """The value, leaving the order alone."""
        entry = self._items.get(key)
        return None if entry is None else entry[0]

    def put(self, key: K, value: V) -> None:
        """Keep `value` as the most recently used, then drop the least recently
        used entries over the budget; the newest stays even when it alone is over."""
        self.pop(key)
        cost = self._cost(value)
        self._items[key] = (value, cost)
        self.total_cost += cost
        while self.total_cost > self.max_cost and len(self._items) > 1:
            _, (_, old_cost) = self._items.popitem(last=False)
            self.total_cost -= old_cost

    def pop(self, key: K) -> V | None:
        entry = self._items.pop(key, None)
        if entry is None:
            return None
        self.total_cost -= entry[1]
        return entry[0]

    def clear(self) -> None:
        self._items.clear()
        self.total_cost = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

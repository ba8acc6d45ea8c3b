"""The one LRU cache of the app: by count (full pictures, annotation boxes) and
by cost (thumbnail bytes)."""

from desktop_app.domain.lru_cache import LruCache


def test_the_least_recently_used_entry_goes_first():
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2 and cache.total_cost == 2


def test_peek_leaves_the_order_alone():
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.peek("a") == 1
    cache.put("c", 3)
    assert "a" not in cache and cache.peek("a") is None


def test_bounded_by_cost_and_the_newest_stays_even_when_it_alone_is_over():
    cache: LruCache[str, bytes] = LruCache(10, cost=len)
    cache.put("small", b"1234")
    cache.put("medium", b"123456")
    assert cache.total_cost == 10 and len(cache) == 2
    cache.put("big", b"x" * 25)
    assert list(k for k in ("small", "medium", "big") if k in cache) == ["big"]
    assert cache.total_cost == 25


def test_replacing_pop_and_clear_keep_the_cost_right():
    cache: LruCache[str, bytes] = LruCache(100, cost=len)
    cache.put("a", b"123")
    cache.put("a", b"12345")
    assert cache.total_cost == 5 and len(cache) == 1
    assert cache.pop("a") == b"12345" and cache.pop("a") is None
    assert cache.total_cost == 0
    cache.put("b", b"1")
    cache.clear()
    assert len(cache) == 0 and cache.total_cost == 0 and cache.get("b") is None


def test_falsy_values_are_cached_values():
    cache: LruCache[int, tuple] = LruCache(5)
    cache.put(1, ())
    assert cache.get(1) == () and 1 in cache

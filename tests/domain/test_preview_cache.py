"""The thumbnails' disk cache: keyed by the URL without its daily signature,
stored with the ETag, bounded in size."""

from __future__ import annotations

from desktop_app.domain import preview_cache
from desktop_app.domain.preview_cache import PreviewDiskCache

URL = "http://h/previews/q/ext:jpeg/resize:auto:192:0:0/q:70/plain/storage/s/{}/{}/images/{}.jpg"


def test_a_preview_is_found_under_tomorrows_signature_with_its_etag(tmp_path):
    cache = PreviewDiskCache(tmp_path, "http://h")
    cache.put(URL.format(1767312000, "ab12", 7), b"jpeg-bytes", '"e1"')
    assert cache.get(URL.format(1767398400, "cd34", 7)) == (b"jpeg-bytes", '"e1"')
    assert cache.get(URL.format(1767398400, "cd34", 8)) is None  # another item
    assert PreviewDiskCache(tmp_path, "http://other").get(URL.format(1767312000, "ab12", 7)) is None


def test_the_folder_is_kept_under_its_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(preview_cache, "PRUNE_EVERY", 5)
    cache = PreviewDiskCache(tmp_path, "http://h", max_bytes=10_000)
    for item in range(50):
        cache.put(URL.format(1, "ab", item), b"x" * 1000, None)
    stored = sum(path.stat().st_size for path in cache.folder.glob("*/*"))
    assert stored <= 10_000 + 5 * 1001
    assert cache.get(URL.format(1, "ab", 49)) == (b"x" * 1000, "")  # the newest stay

"""The server's cache folder (previews, rendered originals, video frames)
stays within ServerSettings.max_cache_bytes (default 1 GB), the oldest files
going first. Tried here with a bound of a few previews."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.signature import sign_path
from tests.server.world import build_world

PREVIEW = "/previews/q/ext:png/resize:fit:{}:0:0/q:70/plain{}"
BOUND = 60_000


@pytest.fixture
def small_cache(sqlite_url: str, tmp_path: Path):
    server = EmbeddedServer(
        ServerSettings(db_url=sqlite_url, data_dir=tmp_path / "data", max_cache_bytes=BOUND)
    ).start()
    world = build_world(server.app.state.sessions)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        secret = server.app.state.settings.url_secret

        def signed(image: int) -> str:  # the storage path the server hands out for the image
            return sign_path(secret, f"/storage/images/{image}.png")

        yield http, world, server.app.state.settings.cache_dir, signed
    server.stop(wait=False)


def cache_files(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in cache.rglob("*") if p.is_file()}


def test_the_cache_stays_within_its_bound_oldest_out_first(small_cache):
    http, world, cache, signed = small_cache
    images = world.images["d1"] + world.images["d2"]
    for side in (100, 120, 140):
        for image in images:
            answer = http.get(PREVIEW.format(side, signed(image)))
            assert answer.status_code == 200
            assert sum(cache_files(cache).values()) <= BOUND
    kept = cache_files(cache)
    assert any(name.startswith(f"{images[-1]}-") and "140x0" in name for name in kept)  # the newest stays
    assert not any("100x0" in name for name in kept)  # the first ones went
    assert http.get(PREVIEW.format(100, signed(images[0]))).status_code == 200  # a trimmed one is made again


def test_serve_takes_the_bound_in_megabytes(tmp_path):
    from desktop_app.server.cli import build_parser, settings_from

    args = build_parser().parse_args(["serve", "--cache-size-mb", "5", "--data-dir", str(tmp_path)])
    assert settings_from(args).max_cache_bytes == 5 * 1024 * 1024
    default = build_parser().parse_args(["serve", "--data-dir", str(tmp_path)])
    assert settings_from(default).max_cache_bytes == 1024 * 1024 * 1024
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--cache-size-mb", "0"])

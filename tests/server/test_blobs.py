"""The blob store (desktop_app/server/blobs): files by the SDK's hash of their content."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop_app.server import blobs
from desktop_app.server.settings import ServerSettings
from tests.server.upload_helpers import sdk_hash


@pytest.fixture
def settings(tmp_path: Path) -> ServerSettings:
    return ServerSettings(db_url="sqlite://", data_dir=tmp_path)


def test_save_stores_by_hash_and_finds_it_again(settings):
    data = b"\x00some bytes\xff" * 300_000  # several read chunks
    blob = blobs.save(settings, io.BytesIO(data))
    assert blob.hash == sdk_hash(data) and blob.size == len(data)
    assert blob.path.read_bytes() == data
    assert blobs.path_of(settings, blob.hash) == blob.path
    assert blob.path == settings.storage_dir / blobs.storage_path(blob.hash)
    assert blobs.exists(settings, blob.hash)
    # saving it again keeps one file, and no temporary file is left behind
    assert blobs.save(settings, io.BytesIO(data)) == blob
    assert [p for p in settings.storage_dir.rglob("*") if p.is_file()] == [blob.path]


def test_unknown_and_malformed_hashes_are_simply_not_there(settings):
    kept = blobs.save(settings, io.BytesIO(b"kept")).hash
    others = [sdk_hash(b"other"), "", "short", "A" * 44 + "=", "!" * 44, kept[:-1] + "?", "../" * 15]
    for h in others:
        assert blobs.path_of(settings, h) is None and not blobs.exists(settings, h)
    assert blobs.known(settings, [*others, kept, kept]) == [kept]


def test_hex_of_reads_only_base64_sha256(settings):
    h = sdk_hash(b"x")
    assert blobs.hex_of(h) is not None and len(blobs.hex_of(h) or "") == 64
    slashy = next(sdk_hash(bytes([i])) for i in range(256) if "/" in sdk_hash(bytes([i])))
    hex_digest = blobs.hex_of(slashy) or ""
    assert blobs.storage_path(slashy) == f"blobs/{hex_digest[:2]}/{hex_digest}"
    assert blobs.hex_of(h.replace("=", "")) is None
    with pytest.raises(ValueError):
        blobs.storage_path("nope")

"""A full disk while saving an upload or a preview (simulated: tests/server/full_disk.py).

An upload is refused with 507 in the SDK's error shape, stores no file and
changes no row; once there is room again it goes through. A preview is still
served (from memory) and only its cache copy is skipped."""

from __future__ import annotations

from tests.server.full_disk import disk_full
from tests.server.http_helpers import ok, refused
from tests.server.reliability.db_snapshot import snapshot
from tests.server.test_image_uploads import stored_files
from tests.server.upload_helpers import picture, sdk_hash, upload

PREVIEW = "/previews/q/ext:jpeg/resize:fit:64:0:0/q:70/plain{}"


def test_an_upload_onto_a_full_disk_is_refused_507_and_changes_nothing(live, world, monkeypatch):
    before = snapshot(live.sessions())
    red = picture(color=(255, 0, 0))
    with monkeypatch.context() as patch:
        disk_full(patch, "desktop_app.server.blobs.store")
        assert "disk is full" in refused(upload(live, [red]), 507)
    assert snapshot(live.sessions()) == before
    storage = live.server.app.state.settings.storage_dir
    assert stored_files(live) == [] and not [p for p in storage.rglob(".upload-*")]  # no half-written file left
    assert ok(upload(live, [red])) == [{"hash": sdk_hash(red)}]  # room again: it works


def test_a_preview_on_a_full_disk_is_served_but_not_cached(live, world, monkeypatch):
    image = world.images["d1"][0]
    cache = live.server.app.state.settings.cache_dir
    with monkeypatch.context() as patch:
        disk_full(patch, "desktop_app.server.cache_files")
        answer = live.http.get(PREVIEW.format(live.sign(f"/storage/images/{image}.jpg")))
        assert answer.status_code == 200 and answer.content[:2] == b"\xff\xd8"  # a JPEG
    assert not [p for p in cache.rglob("*") if p.is_file()]
    assert live.http.get(PREVIEW.format(live.sign(f"/storage/images/{image}.jpg"))).status_code == 200
    assert [p for p in cache.rglob("*") if p.is_file()]  # cached once there is room

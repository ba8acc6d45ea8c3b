"""images.internal.hashes.list (a bare JSON array of hashes, as the SDK sends)
and images.bulk.upload (multipart files stored by the hash of their content):
what the SDK's upload_path(s)/upload_np(s) send before images.bulk.add."""

from __future__ import annotations

from pathlib import Path

from desktop_app.server.blobs.store import FOLDER
from tests.server.http_helpers import ok, refused
from tests.server.upload_helpers import picture, sdk_hash, upload
from tests.server.world import ALICE, BOB


def stored_files(live) -> list[Path]:
    root = live.server.app.state.settings.storage_dir / FOLDER
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_upload_stores_by_sdk_hash_and_hashes_list_knows_it(live, world):
    red, blue = picture(color=(255, 0, 0)), picture(color=(0, 0, 255), fmt="JPEG")
    assert ok(live.call("images.internal.hashes.list", [sdk_hash(red), sdk_hash(blue)], ALICE)) == []

    answer = ok(upload(live, [red, blue]))

    assert answer == [{"hash": sdk_hash(red)}, {"hash": sdk_hash(blue)}]
    files = stored_files(live)
    assert sorted(f.read_bytes() for f in files) == sorted([red, blue])
    # any user may ask; the answer keeps the order asked, each hash once
    asked = [sdk_hash(blue), "not-a-hash", sdk_hash(b"never sent"), sdk_hash(red), sdk_hash(blue)]
    assert ok(live.call("images.internal.hashes.list", asked, BOB)) == [sdk_hash(blue), sdk_hash(red)]


def test_same_content_twice_is_stored_once(live, world):
    red = picture()
    assert ok(upload(live, [red])) == ok(upload(live, [red])) == [{"hash": sdk_hash(red)}]
    assert len(stored_files(live)) == 1


def test_a_file_that_is_no_image_is_refused_and_nothing_is_stored(live, world):
    message = refused(upload(live, [picture(), b"%PDF-1.4 definitely not a picture"]))
    assert "'1-file'" in message and "not an image" in message
    assert stored_files(live) == []
    message = refused(upload(live, [picture()[:40]]))  # truncated header
    assert "'0-file'" in message
    assert stored_files(live) == []


def test_upload_without_files_or_not_multipart_is_refused(live, world):
    assert "no files" in refused(live.call("images.bulk.upload", {"hash": "x"}, ALICE))
    assert "no files" in refused(
        live.http.post(
            "/public/api/v3/images.bulk.upload", data={"0-file": "text, not a file"}, headers={"x-api-key": ALICE}
        )
    )
    broken = live.http.post(
        "/public/api/v3/images.bulk.upload",
        content=b'--xyz\r\nContent-Disposition: form-data; name="0-file"; filename="0"\r\n\r\nnever ends',
        headers={"x-api-key": ALICE, "content-type": "multipart/form-data; boundary=xyz"},
    )
    refused(broken)
    assert stored_files(live) == []


def test_hashes_list_refuses_what_is_not_an_array_of_strings(live, world):
    for body in ({"hashes": []}, [1, 2], ["a", None], "abc"):
        refused(live.call("images.internal.hashes.list", body, ALICE))
    assert ok(live.call("images.internal.hashes.list", [], ALICE)) == []
    too_many = [sdk_hash(str(i).encode()) for i in range(10_001)]
    assert "at most" in refused(live.call("images.internal.hashes.list", too_many, ALICE))


def test_a_caller_without_a_valid_token_hears_401_first(live, world):
    refused(live.call("images.internal.hashes.list", "not even a list", None), 401)
    refused(live.call("images.internal.hashes.list", [], "wrong-token"), 401)
    refused(upload(live, [picture()], token=None), 401)
    refused(upload(live, [picture()], token="wrong-token"), 401)
    assert stored_files(live) == []

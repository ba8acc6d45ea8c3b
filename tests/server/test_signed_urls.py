"""Storage URLs are capabilities: the paths images.list/info, videos.list and
point-clouds.list hand out are signed and expiring, open without a token, and
every unsigned, tampered, expired or borrowed signature is a 403 JSON error.
Over HTTP against the real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from desktop_app.server.app import create_app
from desktop_app.server.cli import CliError, build_parser, settings_from
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.secret import SECRET_ENV, SECRET_FILE, BadSecret, load_or_create
from desktop_app.server.signed_urls.signature import DAY, expiry_for, sign_path
from tests.server.http_helpers import ok
from tests.server.pcd_world import build_pcd_world
from tests.server.video_world import build_video_world
from tests.server.world import ALICE, BOB

SIGNED = re.compile(r"/storage/s/(?P<expires>[0-9]+)/(?P<sig>[0-9a-f]{32})/(?P<tail>[a-z_]+/[0-9]+\.[a-z0-9]+)")


def preview(path: str, size: int = 64) -> str:
    """The preview URL the SDK's resize_image_url and the app build from a storage path."""
    return f"/previews/q/ext:jpeg/resize:auto:{size}:0:0/q:70/plain{path}"


def forbidden(response) -> str:
    """The SDK's error shape with a 403; returns the message."""
    assert response.status_code == 403, (response.status_code, response.text)
    body = response.json()
    assert body["error"] == "Forbidden" and body["details"]["message"]
    return body["details"]["message"]


def tampered(path: str) -> str:
    m = SIGNED.fullmatch(path)
    assert m, path
    flipped = ("0" if m["sig"][0] != "0" else "1") + m["sig"][1:]
    return path.replace(m["sig"], flipped)


def test_image_paths_from_list_and_info_are_signed_and_open_without_a_token(live, world):
    listed = ok(live.call("images.list", {"datasetId": world["d1"]}, ALICE))["entities"]
    first = listed[0]
    m = SIGNED.fullmatch(first["pathOriginal"])
    assert m and m["tail"] == f"images/{first['id']}.jpg"
    assert first["fullStorageUrl"] == live.url + first["pathOriginal"]
    # the expiry is at least a day away and the same all day: the same item keeps its URL (caches keep working)
    assert time.time() + DAY <= int(m["expires"]) <= time.time() + 2 * DAY
    info = ok(live.call("images.info", {"id": first["id"]}, ALICE))
    assert info["fullStorageUrl"] == first["fullStorageUrl"]
    original = live.http.get(first["fullStorageUrl"])  # no x-api-key
    assert original.status_code == 200 and original.headers["content-type"] == "image/jpeg"
    assert live.call("images.download", {"id": first["id"]}, ALICE).content == original.content
    small = live.http.get(preview(first["pathOriginal"]))
    assert small.status_code == 200 and small.headers["content-type"] == "image/jpeg"
    assert (
        live.http.get(preview(first["pathOriginal"]), headers={"If-None-Match": small.headers["etag"]}).status_code
        == 304
    )
    # someone outside the team gets no answer, hence no URL
    denied = live.call("images.info", {"id": first["id"]}, BOB)
    assert denied.status_code in (403, 404) and "storage" not in denied.text


def test_wrong_expired_borrowed_and_unsigned_paths_are_403(live, world):
    a, b = world.images["d1"][:2]
    signed_a = live.sign(f"/storage/images/{a}.jpg")
    signed_b = live.sign(f"/storage/images/{b}.jpg")
    assert live.http.get(signed_a).status_code == 200
    expired = live.sign(f"/storage/images/{a}.jpg", expires=int(time.time()) - 60)
    borrowed = signed_b.replace(f"/{b}.jpg", f"/{a}.jpg")  # b's signature on a's file
    other_kind = signed_a.replace(f"images/{a}.jpg", f"point_clouds/{a}.pcd")
    wrong_secret = sign_path("x" * 64, f"/storage/images/{a}.jpg")
    for path in (tampered(signed_a), expired, borrowed, other_kind, wrong_secret):
        forbidden(live.http.get(path))
        forbidden(live.http.get(preview(path)))
    assert "expired" in forbidden(live.http.get(expired))
    # the unsigned forms (what this server served before) and malformed signed ones
    for path in (
        f"/storage/images/{a}.jpg",
        f"/storage/s/{a}.jpg",
        f"/storage/s/abc/{'0' * 32}/images/{a}.jpg",
        signed_a.replace("/images/", "/images/x/"),
    ):
        forbidden(live.http.get(path))
    forbidden(live.http.get(preview(f"/storage/images/{a}.jpg")))


@pytest.mark.parametrize(
    "path",
    [
        "/storage/s/{e}/{s}/images/..%2F..%2F" + SECRET_FILE,
        "/storage/s/{e}/{s}/images/%2e%2e/%2e%2e/" + SECRET_FILE,
        "/storage/..%2F" + SECRET_FILE,
        "/storage/s/{e}/{s}/../../" + SECRET_FILE,
    ],
)
def test_path_traversal_never_reaches_a_file_outside_storage(live, path):
    secret = live.server.app.state.settings.url_secret
    m = SIGNED.fullmatch(live.sign("/storage/images/1.jpg"))
    assert m
    r = live.http.get(path.format(e=m["expires"], s=m["sig"]))
    assert r.status_code in (400, 403, 404), r.status_code
    assert secret not in r.text
    # signed by the server itself, a traversing name is still no image file of it
    crafted = live.sign(f"/storage/images/..%2F{SECRET_FILE}")
    r = live.http.get(crafted)
    assert r.status_code in (400, 403, 404) and secret not in r.text


def test_video_paths_are_signed_and_checked(live):
    vw = build_video_world(live)
    video = ok(live.call("videos.list", {"datasetId": vw["vd1"]}, ALICE))["entities"][0]
    assert SIGNED.fullmatch(video["pathOriginal"])["tail"] == f"videos/{video['id']}.mp4"
    stored = live.http.get(video["fullStorageUrl"])
    assert stored.status_code == 200 and stored.content == vw.files[video["id"]]
    assert live.http.get(preview(video["pathOriginal"])).status_code == 200
    assert live.http.get(preview(video["pathOriginal"]) + "?frame=3").status_code == 200
    for path in (tampered(video["pathOriginal"]), f"/storage/videos/{video['id']}.mp4"):
        forbidden(live.http.get(path))
        forbidden(live.http.get(preview(path)))


def test_point_cloud_paths_are_signed_and_checked(live, world):
    pcd = build_pcd_world(live, world)
    cloud = ok(live.call("point-clouds.list", {"datasetId": pcd["d1"], "filter": []}, ALICE))["entities"][0]
    assert SIGNED.fullmatch(cloud["pathOriginal"])["tail"] == f"point_clouds/{cloud['id']}.pcd"
    original = live.http.get(cloud["fullStorageUrl"])
    assert original.status_code == 200 and b"FIELDS x y z" in original.content[:200]
    assert live.http.get(preview(cloud["pathOriginal"])).status_code == 200
    for path in (tampered(cloud["pathOriginal"]), f"/storage/point_clouds/{cloud['id']}.pcd"):
        forbidden(live.http.get(path))
        forbidden(live.http.get(preview(path)))


def test_expiry_is_stable_for_a_day_and_at_least_a_day_away():
    midnight = 1_800_000_000 // DAY * DAY
    assert expiry_for(midnight) == expiry_for(midnight + DAY - 1) == midnight + 2 * DAY
    assert expiry_for(midnight + DAY) == midnight + 3 * DAY
    path = "/storage/images/7.jpg"
    assert sign_path("k" * 40, path, now=midnight + 5) == sign_path("k" * 40, path, now=midnight + 80000)


def test_the_secret_is_kept_per_data_folder_or_given(tmp_path: Path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = load_or_create(tmp_path / "a")
    assert load_or_create(tmp_path / "a") == first  # kept, not regenerated
    assert (tmp_path / "a" / SECRET_FILE).stat().st_mode & 0o777 == 0o600
    assert load_or_create(tmp_path / "b") != first
    # several processes sharing a database are given one secret (DESKTOP_APP_SERVER_URL_SECRET)
    shared = "s" * 48
    for name in ("c", "d"):
        data = tmp_path / name
        app = create_app(ServerSettings(f"sqlite:///{tmp_path / name}.sqlite", data, url_secret=shared))
        app.state.engine.dispose()
        assert app.state.settings.url_secret == shared
        assert not (data / SECRET_FILE).exists()
    with pytest.raises(BadSecret):
        create_app(ServerSettings(f"sqlite:///{tmp_path / 'e'}.sqlite", tmp_path / "e", url_secret="short"))
    monkeypatch.setenv(SECRET_ENV, shared)
    assert settings_from(build_parser().parse_args(["serve", "--data-dir", str(tmp_path / "f")])).url_secret == shared
    monkeypatch.setenv(SECRET_ENV, "short")
    with pytest.raises(CliError, match=SECRET_ENV):
        settings_from(build_parser().parse_args(["serve", "--data-dir", str(tmp_path / "f")]))

"""Profiles on disk without tokens; tokens in the keyring or a 0600 file."""

from __future__ import annotations

import json
import logging
import stat

import pytest
from keyring.backends import chainer, null

from desktop_app.config.profiles import Profile, ProfileStore
from desktop_app.config.tokens import SERVICE, TokenStore, keyring_usable

SECRET = "tok-9f8e7d6c5b4a-very-secret"


def test_profile_saved_without_token_and_token_in_keyring(paths, memory_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    store = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    assert store.token_storage == "keyring"

    saved = store.save(Profile("work", "sv.example.com/", "alice"), token=SECRET)

    assert saved == Profile("work", "http://sv.example.com", "alice")
    assert memory_keyring.passwords[(SERVICE, "work")] == SECRET
    assert SECRET not in paths.profiles_file.read_text()
    assert not paths.token_file.exists()
    assert store.token("work") == SECRET
    assert SECRET not in caplog.text
    # a fresh store reads the same profile back
    again = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    assert again.list() == [saved]


def test_several_profiles_last_used_and_removal(profiles):
    profiles.save(Profile("a", "http://a:1", "u1"), token="ta")
    profiles.save(Profile("b", "https://b", "u2"), token="tb")
    profiles.mark_used("b")
    assert [p.name for p in profiles.list()] == ["a", "b"]
    assert profiles.last_used().name == "b"

    profiles.save(Profile("a", "http://a:2", "u1"))  # replace, keep the token
    assert profiles.get("a").address == "http://a:2"
    assert profiles.token("a") == "ta"

    profiles.remove("b")
    assert profiles.last_used() is None
    assert profiles.token("b") is None
    assert [p.name for p in profiles.list()] == ["a"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_bad_profile_names_are_refused_and_change_nothing(profiles, paths, name):
    profiles.save(Profile("keep", "http://k"))
    before = paths.profiles_file.read_text()
    with pytest.raises(ValueError):
        profiles.save(Profile(name, "http://x"), token="t")
    assert paths.profiles_file.read_text() == before


def test_mark_used_needs_an_existing_profile(profiles):
    with pytest.raises(KeyError):
        profiles.mark_used("ghost")


def test_no_keyring_falls_back_to_a_private_file(paths, no_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    store = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    assert store.token_storage == "file"

    store.save(Profile("home", "http://127.0.0.1:8000", "bob"), token=SECRET)

    mode = stat.S_IMODE(paths.token_file.stat().st_mode)
    assert mode == 0o600
    assert json.loads(paths.token_file.read_text()) == {"home": SECRET}
    assert SECRET not in paths.profiles_file.read_text()
    assert SECRET not in caplog.text
    assert TokenStore(paths.token_file).get("home") == SECRET

    store.remove("home")
    assert json.loads(paths.token_file.read_text()) == {}


def test_token_file_permissions_are_tightened_on_rewrite(paths, no_keyring):
    paths.config_dir.mkdir(parents=True)
    paths.token_file.write_text("{}")
    paths.token_file.chmod(0o644)
    TokenStore(paths.token_file).set("p", "t")
    assert stat.S_IMODE(paths.token_file.stat().st_mode) == 0o600


def test_which_keyrings_count_as_usable(memory_keyring, monkeypatch):
    from keyring.backends import fail

    assert keyring_usable(memory_keyring)
    assert not keyring_usable(fail.Keyring())
    assert not keyring_usable(null.Keyring())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [memory_keyring])
    assert keyring_usable(chainer.ChainerBackend())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [null.Keyring()])
    assert not keyring_usable(chainer.ChainerBackend())  # headless Linux: nothing real to chain


def test_corrupt_settings_file_reads_as_empty(paths, profiles):
    paths.profiles_file.parent.mkdir(parents=True, exist_ok=True)
    paths.profiles_file.write_text("{not json")
    assert profiles.list() == []
    profiles.save(Profile("n", "http://n"))
    assert [p.name for p in profiles.list()] == ["n"]

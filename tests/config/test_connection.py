"""Connection resolution order: command line, environment, ~/supervisely.env,
last used profile, embedded server."""

from __future__ import annotations

import logging

import pytest

from desktop_app.config.connection import (
    CliOptions,
    EmbeddedChoice,
    RemoteChoice,
    resolve_connection,
    resolve_from_argv,
)
from desktop_app.config.dotenv import parse_dotenv
from desktop_app.config.profiles import Profile

ENV = {"SERVER_ADDRESS": "http://env-server:8000", "API_TOKEN": "env-token"}


def write_sdk_env(home, address="https://dotenv.example", token="dotenv-token"):
    (home / "supervisely.env").write_text(f'SERVER_ADDRESS="{address}"\nAPI_TOKEN="{token}"\n')


@pytest.fixture
def all_sources(home, profiles):
    write_sdk_env(home)
    profiles.save(Profile("saved", "http://saved:9000", "alice"), token="profile-token")
    profiles.mark_used("saved")


def resolve(cli, env, home, profiles, paths):
    return resolve_connection(cli, env, home, profiles, paths)


def test_nothing_configured_means_embedded_server(home, profiles, paths):
    choice = resolve(CliOptions(), {}, home, profiles, paths)
    assert choice == EmbeddedChoice(paths.data_dir / "server")


def test_command_line_wins_over_everything(all_sources, home, profiles, paths):
    choice = resolve(CliOptions(server="cli-host:1", token="cli-token"), ENV, home, profiles, paths)
    assert (choice.address, choice.token, choice.source) == ("http://cli-host:1", "cli-token", "command line")


def test_environment_comes_next(all_sources, home, profiles, paths):
    choice = resolve(CliOptions(), ENV, home, profiles, paths)
    assert (choice.address, choice.token, choice.source) == ("http://env-server:8000", "env-token", "environment")


def test_sdk_env_file_comes_after_environment(all_sources, home, profiles, paths):
    choice = resolve(CliOptions(), {}, home, profiles, paths)
    assert (choice.address, choice.token) == ("https://dotenv.example", "dotenv-token")
    assert choice.source == "~/supervisely.env"


def test_last_used_profile_comes_last(home, profiles, paths):
    profiles.save(Profile("saved", "http://saved:9000"), token="profile-token")
    profiles.mark_used("saved")
    choice = resolve(CliOptions(), {}, home, profiles, paths)
    assert choice == RemoteChoice("http://saved:9000", "profile-token", "profile saved", "saved")


def test_explicit_profile_and_explicit_embedded(all_sources, home, profiles, paths):
    profiles.save(Profile("other", "http://other"), token="other-token")
    choice = resolve(CliOptions(profile="other"), ENV, home, profiles, paths)
    assert (choice.address, choice.token, choice.profile) == ("http://other", "other-token", "other")
    assert isinstance(resolve(CliOptions(embedded=True), ENV, home, profiles, paths), EmbeddedChoice)
    with pytest.raises(LookupError):
        resolve(CliOptions(profile="ghost"), {}, home, profiles, paths)


def test_token_alone_pairs_with_an_address_from_a_lower_source(home, profiles, paths):
    choice = resolve(CliOptions(token="cli-token"), {"SERVER_ADDRESS": "http://e"}, home, profiles, paths)
    assert (choice.address, choice.token) == ("http://e", "cli-token")


def test_a_token_is_never_sent_to_another_server(all_sources, home, profiles, paths):
    # --server without --token: the env/dotenv/profile tokens belong to other servers
    choice = resolve(CliOptions(server="http://fresh"), ENV, home, profiles, paths)
    assert choice.address == "http://fresh" and choice.token is None
    # ...but a saved profile for the same address lends its token
    choice = resolve(CliOptions(server="http://saved:9000/"), {}, home, profiles, paths)
    assert choice.token == "profile-token"


def test_argv_parsing_and_logs_hold_no_token(all_sources, home, profiles, paths, caplog):
    caplog.set_level(logging.DEBUG)
    choice = resolve_from_argv(["--server", "h:2", "--token", "argv-secret", "--other"], {}, home, profiles, paths)
    assert choice.token == "argv-secret"
    assert "argv-secret" not in caplog.text and "argv-secret" not in repr(choice)
    resolve(CliOptions(), ENV, home, profiles, paths)
    resolve(CliOptions(), {}, home, profiles, paths)
    for secret in ("env-token", "dotenv-token", "profile-token"):
        assert secret not in caplog.text
    assert "http://h:2" in caplog.text  # the log does say where it connects


def test_dotenv_parser_forms():
    text = """
# comment
export SERVER_ADDRESS="http://a:1"  # trailing comment
API_TOKEN='single # not a comment'
PLAIN=value # comment
ESCAPED="line\\nnext \\"q\\""
EMPTY=
not an assignment
"""
    assert parse_dotenv(text) == {
        "SERVER_ADDRESS": "http://a:1",
        "API_TOKEN": "single # not a comment",
        "PLAIN": "value",
        "ESCAPED": 'line\nnext "q"',
        "EMPTY": "",
    }


def test_default_folders_follow_the_platform_conventions(tmp_path, monkeypatch):
    from desktop_app.config.paths import AppPaths

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = AppPaths.default()
    assert paths.embedded_server_dir == tmp_path / "xdg-data" / "collections-desk" / "server"
    assert paths.profiles_file.parent == tmp_path / "xdg-config" / "collections-desk"
    assert paths.token_file.parent == paths.profiles_file.parent

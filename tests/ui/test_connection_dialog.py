"""The connection dialog: embedded by default, profiles saved with the token in
the keyring (never in the settings file), and a connection test against the
real demo server that never blocks the dialog."""

from __future__ import annotations

import json
import logging
import socket

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from desktop_app.config.connection import EmbeddedChoice, RemoteChoice
from desktop_app.config.profiles import Profile, ProfileStore
from desktop_app.config.tokens import SERVICE, TokenStore
from desktop_app.ui.connection.connection_dialog import EMBEDDED_TEXT, FILE_STORAGE_NOTE, ConnectionDialog
from tests.config.conftest import memory_keyring, paths  # noqa: F401 (fixtures)


@pytest.fixture
def profiles(paths, memory_keyring) -> ProfileStore:
    return ProfileStore(paths.profiles_file, TokenStore(paths.token_file))


def open_dialog(qtbot, profiles, paths) -> ConnectionDialog:
    dialog = ConnectionDialog(profiles, embedded_dir=paths.embedded_server_dir)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def fill(qtbot, dialog: ConnectionDialog, name: str, address: str, token: str) -> None:
    """Type into the form as a user does (textEdited fires only for typing)."""
    for edit, text in ((dialog.name_edit, name), (dialog.address_edit, address), (dialog.token_edit, token)):
        edit.clear()
        qtbot.keyClicks(edit, text)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_embedded_is_the_default_choice(qtbot, qloop, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    assert dialog.choices.currentItem().text() == EMBEDDED_TEXT
    assert dialog.pages.currentIndex() == 0
    assert not dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.connectionChosen, timeout=1000) as chosen:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert chosen.args == [EmbeddedChoice(paths.embedded_server_dir)]


def test_connection_test_succeeds_with_the_demo_token_without_blocking(qtbot, qloop, demo, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.add_button.click()
    fill(qtbot, dialog, "Local demo", demo.url, demo.token)
    assert dialog.token_edit.echoMode() == dialog.token_edit.EchoMode.Password
    dialog.test_button.click()
    assert dialog.test_result.text() == "Testing…"  # the click returned before the answer
    qtbot.waitUntil(lambda: dialog.test_result.text() != "Testing…", timeout=5000)
    assert dialog.test_result.text() == "✓ Connected as demo (Demo user)"
    assert demo.token not in dialog.test_result.text()


def test_wrong_token_and_unreachable_server_are_said_plainly(qtbot, qloop, demo, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.add_button.click()
    fill(qtbot, dialog, "Local demo", demo.url, "not-the-token")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text() != "Testing…", timeout=5000)
    assert dialog.test_result.text() == (
        "The server did not accept the API token. Check the token in the connection settings."
    )

    fill(qtbot, dialog, "Nowhere", f"127.0.0.1:{closed_port()}", demo.token)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text() != "Testing…", timeout=8000)
    assert dialog.test_result.text().startswith("Could not reach http://127.0.0.1:")


def test_connect_saves_profile_with_token_in_keyring_only(qtbot, qloop, demo, profiles, paths, memory_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.add_button.click()
    fill(qtbot, dialog, "Local demo", demo.url, demo.token)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✓"), timeout=5000)
    with qtbot.waitSignal(dialog.connectionChosen, timeout=1000) as chosen:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    choice = chosen.args[0]
    assert isinstance(choice, RemoteChoice)
    assert (choice.address, choice.token, choice.profile) == (demo.url, demo.token, "Local demo")
    assert demo.token not in repr(choice)
    assert memory_keyring.passwords[(SERVICE, "Local demo")] == demo.token
    settings = paths.profiles_file.read_text()
    assert demo.token not in settings
    assert json.loads(settings)["last_used"] == "Local demo"
    assert profiles.get("Local demo") == Profile("Local demo", demo.url, "demo")  # login from the test
    assert not paths.token_file.exists()
    assert demo.token not in caplog.text

    # next time: the profile is preselected, its token is not shown, the saved one is used
    again = open_dialog(qtbot, profiles, paths)
    assert again.choices.currentItem().text() == "Local demo"
    assert again.token_edit.text() == ""
    assert "keyring" in again.token_edit.placeholderText()
    again.test_button.click()
    qtbot.waitUntil(lambda: again.test_result.text().startswith("✓"), timeout=5000)


def test_missing_token_is_refused_and_saves_nothing(qtbot, qloop, demo, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.add_button.click()
    fill(qtbot, dialog, "Local demo", demo.url, "")
    emitted = []
    dialog.connectionChosen.connect(emitted.append)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.form_error.text() == "Enter the API token for this server."
    assert emitted == [] and dialog.isVisible()
    assert profiles.list() == [] and not paths.profiles_file.exists()


def test_edit_rename_and_remove_profile(qtbot, qloop, profiles, paths, memory_keyring):
    profiles.save(Profile("Old", "http://a.example"), token="tok-a")
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.select("Old")
    fill(qtbot, dialog, "New", "b.example:8080", "")
    assert dialog.choices.currentItem().text() == "New (not saved)"
    dialog.save_button.click()
    assert [p.name for p in profiles.list()] == ["New"]
    assert profiles.get("New").address == "http://b.example:8080"
    assert profiles.token("New") == "tok-a" and profiles.token("Old") is None  # the token moved with it
    assert dialog.choices.currentItem().text() == "New"

    dialog.remove_button.click()
    dialog.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert profiles.list() == [] and memory_keyring.passwords == {}
    assert dialog.choices.currentItem().text() == EMBEDDED_TEXT


def test_without_keyring_the_dialog_says_tokens_go_to_a_private_file(qtbot, qloop, paths):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
        dialog = open_dialog(qtbot, store, paths)
        dialog.add_button.click()
        assert dialog.storage_note.isVisible()
        assert dialog.storage_note.text() == FILE_STORAGE_NOTE
        fill(qtbot, dialog, "Remote", "sv.example.com", "tok-secret-1")
        dialog.save_button.click()
        assert "tok-secret-1" not in paths.profiles_file.read_text()
        assert json.loads(paths.token_file.read_text()) == {"Remote": "tok-secret-1"}
    finally:
        keyring.set_keyring(previous)

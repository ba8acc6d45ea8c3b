"""File → Connect never locks the user out: a profile is connected only after its
check passes within a few seconds (an address nobody listens on, a server that
never answers), a failing one is not made the start-up default, and Embedded +
Connect makes the embedded server the default again."""

from __future__ import annotations

import time

import pytest

from desktop_app.config.connection import EmbeddedChoice
from desktop_app.config.profiles import Profile, ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.domain.connection_tester import QUICK_DEADLINE
from tests.config.conftest import memory_keyring, paths  # noqa: F401 (fixtures)
from tests.e2e.black_hole import BlackHoleRelay
from tests.ui.test_connection_dialog import closed_port, fill, open_dialog


@pytest.fixture
def profiles(paths, memory_keyring) -> ProfileStore:
    return ProfileStore(paths.profiles_file, TokenStore(paths.token_file))


def press_connect(dialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_connect_to_an_address_nobody_listens_on_says_why_and_saves_nothing(qtbot, qloop, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    emitted: list = []
    dialog.connectionChosen.connect(emitted.append)
    dialog.add_button.click()
    fill(qtbot, dialog, "Nowhere", f"127.0.0.1:{closed_port()}", "some-token")
    press_connect(dialog)
    assert dialog.test_result.text() == "Connecting…"
    qtbot.waitUntil(lambda: dialog.test_result.text() != "Connecting…", timeout=8000)
    assert dialog.test_result.text().startswith("Could not reach http://127.0.0.1:")
    assert emitted == [] and dialog.isVisible()  # the dialog stays, with the reason in place
    assert profiles.last_used() is None and profiles.get("Nowhere") is None
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_connect_to_a_server_that_never_answers_gives_up_within_seconds(qtbot, qloop, profiles, paths):
    relay = BlackHoleRelay(closed_port())
    relay.hung = True
    try:
        dialog = open_dialog(qtbot, profiles, paths)
        dialog.add_button.click()
        fill(qtbot, dialog, "Hung", relay.url, "some-token")
        started = time.monotonic()
        press_connect(dialog)
        qtbot.waitUntil(lambda: dialog.test_result.text() != "Connecting…", timeout=10000)
        took = time.monotonic() - started
    finally:
        relay.close()
    assert took < QUICK_DEADLINE + 1.5, took
    assert dialog.test_result.text() == f"{relay.url} did not answer within {QUICK_DEADLINE:g} seconds."
    assert profiles.last_used() is None


def test_a_failing_saved_profile_stays_saved_but_is_not_made_the_default(qtbot, qloop, demo, profiles, paths):
    profiles.save(Profile("Good", demo.url), token=demo.token)
    profiles.mark_used("Good")
    profiles.save(Profile("Gone", f"http://127.0.0.1:{closed_port()}"), token="t")
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.select("Gone")
    press_connect(dialog)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Could not reach"), timeout=8000)
    assert profiles.last_used().name == "Good"


def test_connect_to_a_server_that_answers_makes_it_the_default(qtbot, qloop, demo, profiles, paths):
    dialog = open_dialog(qtbot, profiles, paths)
    dialog.add_button.click()
    fill(qtbot, dialog, "Local demo", demo.url, demo.token)
    with qtbot.waitSignal(dialog.connectionChosen, timeout=6000) as chosen:
        press_connect(dialog)  # no Test first: Connect checks by itself
    assert chosen.args[0].profile == "Local demo"
    assert profiles.last_used().name == "Local demo"
    assert profiles.get("Local demo").login == "demo"


def test_embedded_and_connect_makes_the_embedded_server_the_default_again(qtbot, qloop, demo, profiles, paths):
    profiles.save(Profile("Team", demo.url), token=demo.token)
    profiles.mark_used("Team")
    dialog = open_dialog(qtbot, profiles, paths)
    assert dialog.current_entry().name == "Team"
    dialog.select(None)
    with qtbot.waitSignal(dialog.connectionChosen, timeout=1000) as chosen:
        press_connect(dialog)
    assert chosen.args == [EmbeddedChoice(paths.embedded_server_dir)]
    assert profiles.last_used() is None
    assert profiles.get("Team") is not None  # the profile itself is kept

"""The check before Qt starts: a real dynamic-linker lookup of one library that
exists and one that does not, and the one install command for the system."""

from __future__ import annotations

import pytest

from desktop_app.qt.system_check import (
    SystemLibrary,
    exit_if_qt_cannot_start,
    install_command,
    missing_libraries,
    uses_xcb,
)

PRESENT = SystemLibrary("libc.so.6", "libc6", "glibc")
ABSENT = SystemLibrary("libxcb-no-such-thing.so.0", "libxcb-no-such-thing0", "xcb-util-no-such-thing")


def test_only_the_library_the_linker_cannot_find_is_missing():
    assert missing_libraries([PRESENT, ABSENT]) == [ABSENT]


def test_a_missing_library_prints_the_install_command_and_exits_2(tmp_path, capsys):
    release = tmp_path / "os-release"
    release.write_text('PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\n')
    with pytest.raises(SystemExit) as stopped:
        exit_if_qt_cannot_start([PRESENT, ABSENT], env={}, release_file=release)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "libxcb-no-such-thing.so.0" in err and "libc.so.6" not in err
    assert "sudo apt-get install -y libxcb-no-such-thing0" in err


def test_nothing_missing_or_not_xcb_starts_quietly(tmp_path, capsys):
    exit_if_qt_cannot_start([PRESENT], env={}, release_file=tmp_path / "none")
    exit_if_qt_cannot_start([ABSENT], env={"QT_QPA_PLATFORM": "offscreen"})  # tests, headless: no X needed
    assert capsys.readouterr().err == ""


def test_the_command_follows_the_system():
    two = [ABSENT, SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor")]
    assert install_command(two, {"ID": "ubuntu", "ID_LIKE": "debian"}) == (
        "sudo apt-get install -y libxcb-no-such-thing0 libxcb-cursor0"
    )
    assert install_command(two, {"ID": "fedora"}) == "sudo dnf install -y xcb-util-no-such-thing xcb-util-cursor"
    assert install_command(two, {"ID": "arch"}) is None
    assert uses_xcb("linux", {}) and uses_xcb("linux", {"QT_QPA_PLATFORM": "xcb"})
    assert not uses_xcb("darwin", {}) and not uses_xcb("linux", {"QT_QPA_PLATFORM": "wayland"})

"""Before the QApplication: are the system libraries Qt's X11 (xcb) plugin needs there?

Without them Qt stops with its own message ("xcb-cursor0 or libxcb-cursor0 is
needed…"), which names one of several missing packages. The list below is what
PySide6's `plugins/platforms/libqxcb.so` (and `libQt6XcbQpa.so.6`) link to from
the system (`ldd`, PySide6 6.11), minus what every Linux desktop has (libc,
glib, X11 itself). Each is looked up with the dynamic linker, as Qt will."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    debian: str  # the package on Debian and Ubuntu
    fedora: str  # the package on Fedora (and RHEL-likes)


XCB_LIBRARIES = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)


def uses_xcb(platform: str, env: Mapping[str, str]) -> bool:
    """Qt picks xcb on Linux unless told otherwise (offscreen for tests, wayland, …)."""
    return platform.startswith("linux") and env.get("QT_QPA_PLATFORM", "") in ("", "xcb")


def missing_libraries(needed: Sequence[SystemLibrary] = XCB_LIBRARIES) -> list[SystemLibrary]:
    missing = []
    for library in needed:
        try:
            ctypes.CDLL(library.soname)  # the dynamic linker's own lookup, as Qt's plugin loader does
        except OSError:
            missing.append(library)
    return missing


def os_release(path: Path = Path("/etc/os-release")) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in lines if "=" in line)
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


def install_command(missing: Sequence[SystemLibrary], release: Mapping[str, str]) -> str | None:
    """The one command that installs them on this system; None when the system is not known."""
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    if family & {"debian", "ubuntu"}:
        packages = dict.fromkeys(lib.debian for lib in missing)
        return "sudo apt-get install -y " + " ".join(packages)
    if family & {"fedora", "rhel", "centos"}:
        packages = dict.fromkeys(lib.fedora for lib in missing)
        return "sudo dnf install -y " + " ".join(packages)
    return None


def problem_text(missing: Sequence[SystemLibrary], release: Mapping[str, str]) -> str:
    names = ", ".join(lib.soname for lib in missing)
    command = install_command(missing, release)
    how = f"Install them with:\n    {command}" if command else "Install them with your system's package manager."
    return f"desktop-app: Qt needs system libraries that are missing here: {names}.\n{how}"


def exit_if_qt_cannot_start(
    needed: Sequence[SystemLibrary] = XCB_LIBRARIES,
    env: Mapping[str, str] = os.environ,
    release_file: Path = Path("/etc/os-release"),
) -> None:
    """Print what to install and exit with code 2, instead of Qt's abort."""
    if not uses_xcb(sys.platform, env):
        return
    missing = missing_libraries(needed)
    if missing:
        print(problem_text(missing, os_release(release_file)), file=sys.stderr)
        raise SystemExit(2)

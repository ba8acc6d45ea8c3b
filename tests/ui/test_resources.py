"""The app's own files load: every icon the code names exists and draws
something, the app icon has the sizes desktops use, the .desktop file parses
and names that icon, and packaging ships all of them."""

from __future__ import annotations

import configparser
import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from desktop_app.qt.resources import (
    APP_ICON_SIZES,
    APP_NAME,
    DESKTOP_FILE,
    RESOURCES_DIR,
    app_icon,
    app_icon_png,
    app_icon_svg,
    icon,
    icon_names,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "desktop_app"
# icon("name") and make_action(..., icon="name") in the code
ICON_USE = re.compile(r"""\bicon\(\s*["']([\w-]+)["']|\bicon=["']([\w-]+)["']""")


def icons_named_in_code() -> set[str]:
    names = set()
    for path in SOURCE.rglob("*.py"):
        for match in ICON_USE.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    return names


def drawn_pixels(image: QImage) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).alpha() > 0)


def test_every_icon_named_in_the_code_exists_and_draws_something(qapp):
    used = icons_named_in_code()
    assert {"warning", "collection", "dataset", "all-items", "collection-new", "refresh"} <= used  # the scan works
    assert used <= set(icon_names())
    for name in sorted(used):
        image = icon(name).pixmap(QSize(24, 24)).toImage()
        assert not image.isNull() and image.size() == QSize(24, 24), name
        assert drawn_pixels(image) > 20, f"icon {name!r} is blank"


def test_an_icon_is_drawn_in_the_colour_asked_for(qapp):
    image = icon("gallery", "#ff0000").pixmap(QSize(32, 32)).toImage()
    pixels = [image.pixelColor(x, y) for y in range(32) for x in range(32)]
    colours = {pixel.name() for pixel in pixels if pixel.alpha() == 255}
    assert colours == {"#ff0000"}
    default = icon("gallery").pixmap(QSize(32, 32)).toImage()
    assert any(
        default.pixelColor(x, y) == QColor(qapp.palette().windowText().color()) for y in range(32) for x in range(32)
    )


def test_on_a_selected_row_an_icon_is_drawn_in_the_highlighted_text_colour(qapp):
    image = icon("gallery").pixmap(QSize(32, 32), QIcon.Mode.Selected).toImage()
    highlighted = qapp.palette().highlightedText().color().name()
    assert highlighted in {
        image.pixelColor(x, y).name() for y in range(32) for x in range(32) if image.pixelColor(x, y).alpha() == 255
    }


def test_an_unknown_icon_name_is_an_error(qapp):
    with pytest.raises(KeyError, match="no-such-icon"):
        icon("no-such-icon")


def test_the_app_icon_has_the_sizes_desktops_use(qapp):
    assert set(APP_ICON_SIZES) >= {16, 24, 32, 48, 64, 128, 256}
    for size in APP_ICON_SIZES:
        image = QImage(str(app_icon_png(size)))
        assert image.size() == QSize(size, size), size
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # not an empty rendering
    assert {s.width() for s in app_icon().availableSizes()} == set(APP_ICON_SIZES)
    assert app_icon_svg().read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_the_desktop_file_parses_and_names_the_installed_icon_and_command():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP_FILE, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Collections Desk"
    assert desktop["Icon"] == APP_NAME and app_icon_png(48).name.startswith(APP_NAME)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert desktop["Exec"].split()[0] in project["gui-scripts"]
    assert desktop["Categories"].endswith(";")


def test_packaging_copies_are_the_current_ones():
    """resources/ at the top is for packagers (hicolor theme layout); it must match what the app loads."""
    packaging = ROOT / "resources"
    assert (packaging / DESKTOP_FILE.name).read_bytes() == DESKTOP_FILE.read_bytes()
    assert (packaging / "icons/hicolor/scalable/apps" / f"{APP_NAME}.svg").read_bytes() == app_icon_svg().read_bytes()
    for size in APP_ICON_SIZES:
        themed = packaging / f"icons/hicolor/{size}x{size}/apps/{APP_NAME}.png"
        assert themed.read_bytes() == app_icon_png(size).read_bytes(), themed


def test_the_package_data_ships_every_resource_file():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["desktop_app"]
    files = [p.relative_to(SOURCE).as_posix() for p in RESOURCES_DIR.rglob("*") if p.is_file()]
    assert files
    assert [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)] == []

"""The app's own files, shipped inside the package (desktop_app/resources/),
and the one way to load them: `icon(name)` for the line icons of actions and
lists, `app_icon()` for windows. Icons are drawn in `currentColor`, painted
here in the palette's text colour so they read on light and dark themes."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"
APP_ICON_DIR = RESOURCES_DIR / "app-icon"
APP_NAME = "collections-desk"  # the icon and .desktop name desktops look up
DESKTOP_FILE = RESOURCES_DIR / f"{APP_NAME}.desktop"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICON_PIXEL_SIZES = (16, 20, 24, 32, 48, 64)  # menus, lists and toolbars at 1x and 2x


def icon_names() -> list[str]:
    return sorted(path.stem for path in ICONS_DIR.glob("*.svg"))


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The line icon `name` (a file in resources/icons), drawn in `color`, by
    default the palette's text colour, and in its highlighted-text colour on a
    selected row."""
    palette = QGuiApplication.palette()
    selected = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name()
    if color is None:
        color = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    return QIcon(_icon(name, QColor(color).name(), selected))  # a copy: callers may add modes to it


@cache
def _icon(name: str, color: str, selected_color: str) -> QIcon:
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        raise KeyError(f"no icon named {name!r} in {ICONS_DIR}")
    svg = path.read_text(encoding="utf-8")
    result = QIcon()
    for mode, paint in ((QIcon.Mode.Normal, color), (QIcon.Mode.Selected, selected_color)):
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", paint).encode()))
        for size in ICON_PIXEL_SIZES:
            result.addPixmap(_render(renderer, size), mode)
    return result


def _render(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


def app_icon_svg() -> Path:
    return APP_ICON_DIR / f"{APP_NAME}.svg"


def app_icon_png(size: int) -> Path:
    return APP_ICON_DIR / f"{APP_NAME}-{size}.png"


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The window icon, from the PNG renderings (tools/render_app_icon.py)."""
    result = QIcon()
    for size in APP_ICON_SIZES:
        result.addFile(str(app_icon_png(size)), QSize(size, size))
    return result

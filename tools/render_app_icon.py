"""Render the app icon's SVG to the PNG sizes desktops use:
`python tools/render_app_icon.py`.

Writes desktop_app/resources/app-icon/collections-desk-<size>.png (what the
app loads) and copies them, with the SVG and the .desktop file, to the
top-level resources/ folder in the hicolor layout packagers install from.
Run it again after editing the SVG and commit its output."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.qt.resources import APP_ICON_SIZES, APP_NAME, DESKTOP_FILE, app_icon_png, app_icon_svg  # noqa: E402

PACKAGING_DIR = ROOT / "resources"
SMALL_MAX = 24


def render(svg: Path, size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> None:
    _app = QGuiApplication.instance() or QGuiApplication([])
    svg = app_icon_svg()
    small_svg = svg.with_name(f"{APP_NAME}-small.svg")  # fewer details: the full drawing blurs at 16 and 24 px
    for size in APP_ICON_SIZES:
        render(small_svg if size <= SMALL_MAX else svg, size, app_icon_png(size))
        themed = PACKAGING_DIR / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_NAME}.png"
        themed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(app_icon_png(size), themed)
    scalable = PACKAGING_DIR / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    shutil.copyfile(DESKTOP_FILE, PACKAGING_DIR / DESKTOP_FILE.name)
    print(f"wrote {len(APP_ICON_SIZES)} sizes to {app_icon_png(APP_ICON_SIZES[0]).parent} and {PACKAGING_DIR}")


if __name__ == "__main__":
    main()

"""The app's own colours and style sheets, in one place. Everything else comes
from the platform palette; these are the few things the palette has no role
for (the error red, queue statuses, box decorations) and the few widgets that
draw themselves differently from the platform style."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# Text and marks that report a problem: a red that reads on either window colour.
ERROR_ON_LIGHT = "#c62828"
ERROR_ON_DARK = "#ff6b6b"

# A labeling queue item's status, in the queue list's bar and the status menu.
QUEUE_STATUS_COLORS = {
    "pending": "#9e9e9e",
    "annotating": "#e0a030",
    "on_review": "#3a8ee6",
    "accepted": "#3daa5c",
}

UNKNOWN_CLASS = "#FF00FF"  # a box whose class the project meta does not know: hard to miss
BOX_LABEL_DARK_TEXT = "#000000"  # class labels on a light class colour
BOX_LABEL_LIGHT_TEXT = "#ffffff"  # ... and on a dark one
HANDLE_FILL = "#ffffff"  # resize grips of the selected box
HANDLE_EDGE = "#000000"
DRAWING_OUTLINE = "#ffffff"  # the box being drawn, before it has a class


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    """The one warning colour of the window, readable on the palette's window colour."""
    return QColor(ERROR_ON_DARK if is_dark(palette) else ERROR_ON_LIGHT)


def readable_text_color(background: QColor) -> QColor:
    """Black or white, whichever reads on `background`."""
    luminance = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF()
    return QColor(BOX_LABEL_DARK_TEXT if luminance > 0.6 else BOX_LABEL_LIGHT_TEXT)


def error_text_style(palette: QPalette, *, bold: bool = False) -> str:
    """Style sheet of a label or button whose text reports a problem."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {error_color(palette).name()};{weight}"


# A row of exclusive toggle buttons: an active (non-neutral) choice in the highlight colour.
SEGMENTED_TOGGLE_STYLE = """
QToolButton { border: 1px solid palette(mid); padding: 1px 4px; background: palette(button); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }
QToolButton#neutral:checked { background: palette(mid); color: palette(button-text); }
QToolButton:disabled { color: palette(mid); }
"""


def chip_style(object_name: str) -> str:
    """A rounded frame around one filter chip (and not around its children)."""
    return f"QFrame#{object_name} {{ border: 1px solid palette(mid); border-radius: 9px; background: palette(base); }}"

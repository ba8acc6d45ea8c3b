"""Help ▸ User guide and Help ▸ About Collections Desk (Keyboard shortcuts is the
window's own action, next to them in the menu).

The user guide is the README, rendered from Markdown in a QTextBrowser: it works
offline and cannot drift from what the README promises. A source checkout reads
README.md beside the package (screenshots included); an installed copy reads the
same text from the package metadata (`readme` in pyproject.toml).

About names what a bug report needs: the app's version, Python, PySide6 and Qt,
and the server in use (address, embedded or not, the version it reports)."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.startup import Connection
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.common.dialog_parts import dialog_title

DISTRIBUTION = "collections-desk"
SOURCE_README = Path(__file__).resolve().parents[3] / "README.md"


def app_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def guide_markdown() -> tuple[str, Path | None]:
    """The README's text, and the folder its images are relative to (None: no images)."""
    if SOURCE_README.is_file():
        return SOURCE_README.read_text(encoding="utf-8"), SOURCE_README.parent
    try:
        text = metadata.metadata(DISTRIBUTION).get_payload()  # type: ignore[attr-defined]
    except metadata.PackageNotFoundError:
        text = ""
    return (text or "# Collections Desk\n\nThe user guide was not installed with this copy."), None


def about_lines(connection: Connection, server_version: str | None) -> list[tuple[str, str]]:
    kind = "embedded (started by the app on this computer)" if connection.embedded else "remote"
    return [
        ("Collections Desk", app_version()),
        ("Python", platform.python_version()),
        ("PySide6", PySide6.__version__),
        ("Qt", qVersion()),
        ("Server", connection.address),
        ("Server kind", kind),
        ("Server version", server_version or "asking…"),
    ]


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collections Desk — User guide")
        self.resize(860, 760)
        text, folder = guide_markdown()
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        if folder is not None:
            self.browser.setSearchPaths([str(folder)])
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)


class AboutDialog(QDialog):
    def __init__(self, connection: Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Collections Desk")
        self._connection = connection
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_server_version(None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title("Collections Desk", self))
        layout.addWidget(QLabel("Curate and label computer-vision data: collections, filters, labeling queues.", self))
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def show_server_version(self, version: str | None) -> None:
        self.lines = about_lines(self._connection, version)
        rows = "".join(
            f"<tr><td><b>{name}</b>&nbsp;&nbsp;</td><td>{_escape(value)}</td></tr>" for name, value in self.lines
        )
        self.details.setText(f"<table>{rows}</table>")

    def text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class HelpActions(ActionSet):
    def __init__(self, state: AppState, connection: Connection, parent_widget: QWidget) -> None:
        super().__init__(parent_widget, "Help")
        self.state = state
        self.connection = connection
        self.guide_action = self._action("User guide", self.open_guide, tip="The README, readable offline")
        self.about_action = self._action("About Collections Desk", self.open_about)

    def actions(self) -> list[QAction]:
        return [self.guide_action, self.about_action]

    def open_guide(self) -> None:
        self._open(GuideDialog(self._parent))

    def open_about(self) -> None:
        dialog = AboutDialog(self.connection, self._parent)
        self._open(dialog)

        async def ask() -> str:
            try:
                return await self.state.services.projects.server_version()
            except Exception as exc:  # said in the dialog; About must open even when the server is away
                return f"not known ({plain_error(exc)})"

        def show(version: str | None) -> None:
            if dialog is self.dialog:  # still open
                dialog.show_server_version(version or "not reported")

        self.state.run(ask(), on_done=show)

"""Where to connect: the embedded server (the default) or a saved server profile.

Profiles (name, address, token) can be added, edited, tested and removed.
The token field is a password field: a saved token is never shown, and typing
replaces it; tokens go to the config module's TokenStore (the OS keyring, or a
private 0600 file when there is no keyring, which the dialog then says).

`connectionChosen(object)` is emitted when the user presses Connect and the
server answered (a profile is checked first, within a few seconds; a failed check
shows its error here and saves nothing as the start-up default), with the
config module's resolved-connection types, so the app handles it exactly like
a connection resolved at start:
- `desktop_app.config.connection.EmbeddedChoice(data_dir)`: start the bundled server;
- `desktop_app.config.connection.RemoteChoice(address, token, "profile <name>", name)`:
  the saved profile (its repr hides the token).
Open it with `open()`; it never blocks (the connection test runs in the background)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.server_address import normalize_server_address
from desktop_app.config.connection import EmbeddedChoice, RemoteChoice
from desktop_app.config.paths import AppPaths
from desktop_app.config.profiles import PROFILE_NAME_MAX, Profile, ProfileStore
from desktop_app.domain.connection_tester import QUICK_DEADLINE, ConnectionCheck, check_connection
from desktop_app.qt.app_state import plain_error
from desktop_app.qt.resources import icon
from desktop_app.qt.style import error_text_style
from desktop_app.qt.tasks import TaskScope

EMBEDDED_TEXT = "Embedded server (this computer)"
FILE_STORAGE_NOTE = "Tokens are stored in a private file because no system keyring is available."
EntryRole = Qt.ItemDataRole.UserRole


@dataclass
class _Entry:
    """A profile as edited in the dialog; `saved` is its name on disk (None: not saved yet)."""

    saved: str | None
    name: str = ""
    address: str = ""
    login: str = ""
    typed_token: str = ""
    check: ConnectionCheck | None = None


class ConnectionDialog(QDialog):
    connectionChosen = Signal(object)  # EmbeddedChoice | RemoteChoice

    def __init__(
        self, profiles: ProfileStore, parent: QWidget | None = None, *, embedded_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.embedded_dir = embedded_dir or AppPaths.default().embedded_server_dir
        self.scope = TaskScope(self)
        self.setWindowTitle("Connect to a server")

        self.choices = QListWidget()
        self.choices.setMinimumWidth(200)
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Add a server profile")
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setToolTip("Remove the selected server profile and its token")
        left = QVBoxLayout()
        left.addWidget(self.choices, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._embedded_page())
        self.pages.addWidget(self._profile_page())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        self.buttons.accepted.connect(self.connect_chosen)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.add_profile)
        self.remove_button.clicked.connect(self.ask_remove)
        self.choices.currentItemChanged.connect(self._show_current)
        self.confirm: QMessageBox | None = None
        self._fill()
        self.resize(680, 340)

    # -- pages -----------------------------------------------------------------
    def _embedded_page(self) -> QWidget:
        page = QWidget()
        text = QLabel(
            "<b>Embedded server</b><p>The bundled server runs on this computer, with its own "
            "database and images in your user data folder. Nothing else needs to be installed, "
            "and nothing leaves this computer.</p>"
            f"<p>Data folder:<br><code>{self.embedded_dir}</code></p>"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(text)
        layout.addStretch(1)
        return page

    def _profile_page(self) -> QWidget:
        page = QWidget()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(PROFILE_NAME_MAX)
        self.name_edit.setPlaceholderText("e.g. Team server")
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText("https://app.supervisely.com")
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.token_edit.setToolTip("Your API token (Supervisely: Account settings → API token)")
        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("Server address", self.address_edit)
        form.addRow("API token", self.token_edit)

        self.storage_note = QLabel(FILE_STORAGE_NOTE)
        self.storage_note.setWordWrap(True)
        note_font = self.storage_note.font()
        note_font.setItalic(True)
        self.storage_note.setFont(note_font)
        self.storage_note.setVisible(self.profiles.token_storage == "file")
        self.test_button = QPushButton("Test connection")
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save this profile without connecting")
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_error = QLabel()
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet(error_text_style(self.palette()))
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)

        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.storage_note)
        layout.addLayout(actions)
        layout.addWidget(self.test_result)
        layout.addWidget(self.form_error)
        layout.addStretch(1)

        self.name_edit.textEdited.connect(self._edited)
        self.address_edit.textEdited.connect(self._edited)
        self.token_edit.textEdited.connect(self._edited)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save_current)
        return page

    # -- the list --------------------------------------------------------------
    def _fill(self) -> None:
        embedded = QListWidgetItem(icon("server-local"), EMBEDDED_TEXT)
        embedded.setData(EntryRole, None)
        self.choices.addItem(embedded)
        last = self.profiles.last_used()
        current = embedded
        for profile in self.profiles.list():
            item = self._add_item(_Entry(profile.name, profile.name, profile.address, profile.login))
            if last is not None and profile.name == last.name:
                current = item
        self.choices.setCurrentItem(current)

    def _add_item(self, entry: _Entry) -> QListWidgetItem:
        item = QListWidgetItem(icon("server-remote"), "")
        item.setData(EntryRole, entry)
        self.choices.addItem(item)
        self._label(item)
        return item

    def _label(self, item: QListWidgetItem) -> None:
        entry: _Entry = item.data(EntryRole)
        unsaved = entry.saved is None or self._dirty(entry)
        item.setText((entry.name or "New server") + (" (not saved)" if unsaved else ""))
        item.setToolTip(entry.address)
        if item is self.choices.currentItem():
            self.save_button.setEnabled(unsaved)

    def current_entry(self) -> _Entry | None:
        item = self.choices.currentItem()
        return item.data(EntryRole) if item is not None else None

    def select(self, name: str | None) -> None:
        """Select a profile by name, or the embedded server with None."""
        for row in range(self.choices.count()):
            entry = self.choices.item(row).data(EntryRole)
            if (entry is None and name is None) or (entry is not None and entry.name == name):
                self.choices.setCurrentRow(row)
                return

    def _show_current(self, *_: object) -> None:
        self.scope.cancel_all()  # a test of the previous entry is no longer wanted
        entry = self.current_entry()
        self.remove_button.setEnabled(entry is not None)
        self.form_error.clear()
        if entry is None:
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self.name_edit.setText(entry.name)
        self.address_edit.setText(entry.address)
        self.token_edit.setText(entry.typed_token)
        self._token_placeholder(entry)
        self._show_check(entry.check)
        self._label(self.choices.currentItem())

    def _token_placeholder(self, entry: _Entry) -> None:
        if entry.saved is not None and self.profiles.token(entry.saved):
            where = "private token file" if self.profiles.token_storage == "file" else "system keyring"
            self.token_edit.setPlaceholderText(f"Saved in the {where} (type to replace)")
        else:
            self.token_edit.setPlaceholderText("Paste your API token")

    def _edited(self, *_: object) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        entry.name = self.name_edit.text()
        entry.address = self.address_edit.text()
        entry.typed_token = self.token_edit.text()
        entry.check = None
        self.scope.cancel_all()  # a test still running checks the old values
        self._show_check(None)
        self.form_error.clear()
        self._label(self.choices.currentItem())

    def _dirty(self, entry: _Entry) -> bool:
        saved = self.profiles.get(entry.saved) if entry.saved else None
        return saved is None or entry.typed_token != "" or entry.name != saved.name or entry.address != saved.address

    def add_profile(self) -> None:
        item = self._add_item(_Entry(None))
        self.choices.setCurrentItem(item)
        self.name_edit.setFocus()

    def ask_remove(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if entry.saved is None:  # never saved: nothing to lose
            self._drop_current()
            return
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove server profile",
            f"Remove the profile “{entry.saved}” and its saved token?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box = self.confirm
        box.finished.connect(
            lambda _r: (
                self._remove(entry) if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes) else None
            )
        )
        box.open()

    def _remove(self, entry: _Entry) -> None:
        if entry.saved is not None:
            self.profiles.remove(entry.saved)
        if self.current_entry() is entry:
            self._drop_current()

    def _drop_current(self) -> None:
        self.choices.takeItem(self.choices.currentRow())
        self.choices.setCurrentRow(0)

    # -- test, save, connect ---------------------------------------------------
    def _token_for(self, entry: _Entry) -> str:
        if entry.typed_token:
            return entry.typed_token
        return (self.profiles.token(entry.saved) if entry.saved else None) or ""

    def test_connection(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        address, token = entry.address, self._token_for(entry)
        self.test_result.setStyleSheet("")
        self.test_result.setText("Testing…")
        self.test_result.setVisible(True)
        self.test_button.setEnabled(False)

        async def run() -> None:
            try:
                check = await check_connection(address, token)
            except asyncio.CancelledError:
                raise  # the dialog moved on (or closed): touch no widget
            except Exception as exc:  # unexpected: still an answer in words
                check = ConnectionCheck(False, plain_error(exc))
            self.test_button.setEnabled(True)
            if check.ok:
                entry.login = check.login or entry.login
            entry.check = check
            if self.current_entry() is entry:
                self._show_check(check)

        self.scope.start(run(), key="test")

    def _show_check(self, check: ConnectionCheck | None) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setVisible(check is not None)
        if check is None:
            self.test_result.clear()
            return
        self.test_result.setText(("✓ " if check.ok else "") + check.text)
        self.test_result.setStyleSheet("" if check.ok else error_text_style(self.palette()))

    def _problem(self, entry: _Entry) -> str | None:
        """What keeps the entry from being saved, in words; None when nothing does."""
        name = entry.name.strip()
        others = {p.name for p in self.profiles.list()} - {entry.saved}
        if not name:
            return "Give the profile a name."
        if name in others:
            return f"There is already a profile named “{name}”."
        if not entry.address.strip():
            return "Enter the server address."
        if not self._token_for(entry):
            return "Enter the API token for this server."
        try:
            normalize_server_address(entry.address)
        except ValueError as exc:
            return f"The server address is not valid ({exc})."
        return None

    def save_current(self) -> Profile | None:
        """Save the selected profile (token to the TokenStore); None with a message when it cannot be."""
        entry = self.current_entry()
        if entry is None:
            return None
        problem = self._problem(entry)
        if problem is not None:
            self.form_error.setText(problem)
            return None
        name = entry.name.strip()
        token = entry.typed_token or None
        if entry.saved is not None and entry.saved != name and token is None:
            token = self.profiles.token(entry.saved)  # renamed: the token moves with it
        saved = self.profiles.save(Profile(name, entry.address, entry.login), token=token)
        if entry.saved is not None and entry.saved != name:
            self.profiles.remove(entry.saved)
        entry.saved, entry.name, entry.address, entry.typed_token = saved.name, saved.name, saved.address, ""
        self.form_error.clear()
        self.address_edit.setText(saved.address)
        self.token_edit.clear()
        self._token_placeholder(entry)
        self._label(self.choices.currentItem())
        return saved

    def connect_chosen(self) -> None:
        """Connect now: the embedded server at once; a profile only after its check passes
        (the check's error stays in the dialog and nothing becomes the start-up default)."""
        entry = self.current_entry()
        if entry is None:
            self.profiles.use_embedded()
            self.connectionChosen.emit(EmbeddedChoice(self.embedded_dir))
            self.accept()
            return
        problem = self._problem(entry)
        if problem is not None:
            self.form_error.setText(problem)
            return  # the message says what is missing; the dialog stays open
        self.form_error.clear()
        address, token = entry.address, self._token_for(entry)
        self.test_result.setStyleSheet("")
        self.test_result.setText("Connecting…")
        self.test_result.setVisible(True)
        self._connect_button().setEnabled(False)

        async def run() -> None:
            try:
                check = await check_connection(address, token, deadline=QUICK_DEADLINE)
            except asyncio.CancelledError:
                self._connect_button().setEnabled(True)
                raise
            except Exception as exc:  # unexpected: still an answer in words
                check = ConnectionCheck(False, plain_error(exc))
            self._connect_button().setEnabled(True)
            entry.check = check
            if self.current_entry() is not entry:
                return  # the user picked another entry meanwhile: connect to nothing
            self._show_check(check)
            if not check.ok:
                return
            entry.login = check.login or entry.login
            saved = self.save_current()
            if saved is None:
                return
            self.profiles.mark_used(saved.name)
            self.connectionChosen.emit(
                RemoteChoice(saved.address, self.profiles.token(saved.name), f"profile {saved.name}", saved.name)
            )
            self.accept()

        self.scope.start(run(), key="test")

    def _connect_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

"""What the window remembers between runs, in an INI file of its own
(never a token): layout, view options, the last project and its filters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop_app.domain.filters import FilterSpec


class WindowSettings:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._s = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._s.sync()

    # layout
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def dock_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    # view options
    def view_mode(self) -> str:
        value = str(self._s.value("view/mode", "gallery"))
        return value if value in ("gallery", "table") else "gallery"

    def thumbnail_size(self) -> int:
        value = self._s.value("view/thumbnail_size", 160)  # an int, or its text from an INI file
        if not isinstance(value, (int, float, str)):
            return 160
        try:
            return int(value)
        except ValueError:
            return 160

    def show_boxes(self) -> bool:
        return str(self._s.value("view/show_boxes", "true")).lower() == "true"

    def save_view(self, mode: str, thumbnail_size: int, show_boxes: bool) -> None:
        self._s.setValue("view/mode", mode)
        self._s.setValue("view/thumbnail_size", int(thumbnail_size))
        self._s.setValue("view/show_boxes", "true" if show_boxes else "false")

    def sort(self) -> tuple[str, bool] | None:
        """The list order (sort key, descending), None for the server's own order."""
        key = self._s.value("view/sort_key", "")
        if not isinstance(key, str) or not key:
            return None
        return key, str(self._s.value("view/sort_descending", "false")).lower() == "true"

    def save_sort(self, sort: tuple[str, bool] | None) -> None:
        self._s.setValue("view/sort_key", sort[0] if sort else "")
        self._s.setValue("view/sort_descending", "true" if sort and sort[1] else "false")

    # the folder the last export went to (the export dialog starts there)
    def export_folder(self) -> str:
        value = self._s.value("export/folder", "")
        return value if isinstance(value, str) else ""

    def save_export_folder(self, folder: str) -> None:
        self._s.setValue("export/folder", folder)

    # project and filters, per server address
    def last_project(self, server: str) -> int | None:
        value = self._s.value(f"servers/{_key(server)}/last_project")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def save_last_project(self, server: str, project_id: int) -> None:
        self._s.setValue(f"servers/{_key(server)}/last_project", int(project_id))

    def filter_json(self, server: str, project_id: int) -> str | None:
        value = self._s.value(f"servers/{_key(server)}/filters/{project_id}")
        return str(value) if value else None

    def save_filter_json(self, server: str, project_id: int, text: str) -> None:
        self._s.setValue(f"servers/{_key(server)}/filters/{project_id}", text)

    def filter_memory(self, server: str) -> SettingsFilterMemory:
        """The session's memory of each project's filter on `server` (a FilterMemory)."""
        return SettingsFilterMemory(self, server)

    # triage mode: verdict keys and collection names (domain/triage.py)
    def triage(self) -> dict[str, str]:
        self._s.beginGroup("triage")
        try:
            return {k: str(self._s.value(k)) for k in self._s.childKeys()}
        finally:
            self._s.endGroup()

    def save_triage(self, values: dict[str, str]) -> None:
        self._s.remove("triage")
        for key, value in values.items():
            self._s.setValue(f"triage/{key}", value)
        self._s.sync()


class SettingsFilterMemory:
    """Each project's filter, kept per server so two servers' project ids never mix."""

    def __init__(self, settings: WindowSettings, server: str) -> None:
        self.settings = settings
        self.server = server

    def load(self, project_id: int) -> FilterSpec:
        saved = self.settings.filter_json(self.server, project_id)
        if not saved:
            return FilterSpec()
        try:
            return FilterSpec.from_json(saved)
        except ValueError:  # written by another version, or edited by hand
            return FilterSpec()

    def save(self, project_id: int, spec: FilterSpec) -> None:
        self.settings.save_filter_json(self.server, project_id, spec.to_json())


def _key(server: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in server)

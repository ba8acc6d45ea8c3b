"""The session's memory of each project's filter, kept in the window's settings
(per server, so two servers' project ids never mix)."""
from __future__ import annotations

from desktop_app.domain.filters import FilterSpec
from desktop_app.qt.window_settings import WindowSettings


class SettingsFilterMemory:
    def __init__(self, settings: WindowSettings, server_key: str) -> None:
        self.settings = settings
        self.server_key = server_key

    def load(self, project_id: int) -> FilterSpec:
        saved = self.settings.filter_json(self.server_key, project_id)
        if not saved:
            return FilterSpec()
        try:
            return FilterSpec.from_json(saved)
        except ValueError:  # written by another version, or edited by hand
            return FilterSpec()

    def save(self, project_id: int, spec: FilterSpec) -> None:
        self.settings.save_filter_json(self.server_key, project_id, spec.to_json())

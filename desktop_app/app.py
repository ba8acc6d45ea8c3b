"""Composition root of the desktop app (filled in by the app issue)."""
from __future__ import annotations


def main() -> int:
    raise SystemExit("the desktop window is not built yet; run `desktop-app-server serve --demo`")

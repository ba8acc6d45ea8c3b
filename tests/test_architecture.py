"""The layers point one way, api/domain/config/server stay free of Qt, and
widgets never reach the api client (contracts in pyproject.toml, checked by
import-linter; an attribute path like `state.api` is no import, so the ui
sources are read for it too)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "desktop_app" / "ui"


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
    assert "Widgets never hold the api client" in proc.stdout  # the contract is there, and kept


def api_attribute_uses(source: str) -> list[int]:
    """Lines where code reads an attribute named `api` (e.g. `self.state.api.images.info`)."""
    return [
        node.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute) and node.attr == "api"
    ]


def test_the_attribute_check_finds_a_widget_talking_http():
    assert api_attribute_uses("async def f(self):\n    await self.state.api.images.info(1)\n") == [2]
    assert api_attribute_uses("async def f(self):\n    await self.state.services.images.info(1)\n") == []


def test_widgets_call_services_never_the_api_client():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(UI.rglob("*.py"))
        if (lines := api_attribute_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}

"""The repository documents itself: the wire contract in docs/ shows exactly
the SDK requests the tests check the client against, and nothing cites a
document outside the repository (a fresh clone has none beside it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from desktop_app.api.transport import encode_body
from tests.api.test_request_bodies import sdk_requests

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "wire-contract.md"

# A v3 method name in backticks sets the context; JSON objects after it are its examples.
TOKEN = re.compile(r"```json\n(.*?)```|`([^`\n]+)`", re.S)
METHOD_NAME = re.compile(r"^[a-z][A-Za-z-]*(\.[A-Za-z][A-Za-z-]*)+$")
RESPONSE_KEYS = {"version", "items", "missing", "imageName", "classes", "total", "entities", "error"}


def _objects(block: str) -> list[Any]:
    """Every JSON value in a block (a fence may hold one per line)."""
    decoder, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(block) and block[i].isspace():
            i += 1
        if i >= len(block):
            return out
        try:
            value, i = decoder.raw_decode(block, i)
        except ValueError:
            return out
        out.append(value)


def documented_requests(text: str) -> dict[str, list[bytes]]:
    """method -> request bodies shown in the contract, encoded as the client encodes."""
    found: dict[str, list[bytes]] = {}
    method = None
    for match in TOKEN.finditer(text):
        fence, span = match.groups()
        if span is not None and METHOD_NAME.match(span):
            method = span
            continue
        values = _objects(fence) if fence is not None else (_objects(span) if span.startswith("{") else [])
        for value in values:
            if method and isinstance(value, dict) and not RESPONSE_KEYS & value.keys():
                found.setdefault(method, []).append(encode_body(value))
    return found


def test_the_contract_shows_exactly_the_fixtures_requests():
    documented = documented_requests(CONTRACT.read_text(encoding="utf-8"))
    fixtures = sdk_requests()
    assert {m: sorted(b) for m, b in documented.items()} == {m: sorted(b) for m, b in fixtures.items()}
    assert sum(map(len, documented.values())) >= 27  # the parser still finds the examples


# Paths and names of the design documents that lived beside the repository.
OUTSIDE = re.compile(r"\.\./shared|shared/design|/work/|supervisely-api\.md|(?<![\w/-])(architecture|product)\.md")
CITED_DOC = re.compile(r"\bdocs/([\w./-]+\.md)")


def _sources() -> list[Path]:
    files = [ROOT / n for n in ("README.md", "Makefile", "pyproject.toml")]
    for folder, pattern in (
        ("desktop_app", "*.py"),
        ("tests", "*.py"),
        ("tools", "*.py"),
        ("docs", "*.md"),
        ("tests", "*.md"),
    ):
        files += sorted((ROOT / folder).rglob(pattern))
    return [f for f in files if f.is_file() and f != Path(__file__).resolve()]


def test_nothing_cites_a_document_outside_the_repository():
    cited = [
        f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
        for f in _sources()
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert cited == []


def test_every_cited_doc_exists():
    missing = [
        f"{f.relative_to(ROOT)}: docs/{name}"
        for f in _sources()
        for name in CITED_DOC.findall(f.read_text(encoding="utf-8"))
        if not (ROOT / "docs" / name).is_file()
    ]
    assert missing == []


def test_the_architecture_notes_name_files_that_exist():
    """Paths in docs/architecture.md are the repo's (tests/...) or desktop_app's (qt/...)."""
    named = re.findall(r"`([\w/]+\.py)`", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    missing = [p for p in named if not (ROOT / p).is_file() and not (ROOT / "desktop_app" / p).is_file()]
    assert named and missing == []

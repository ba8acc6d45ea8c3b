"""A small reader for dotenv files such as the SDK's ~/supervisely.env:
`KEY=value`, `KEY="value"`, `KEY='value'`, optional `export `, `#` comments."""

from __future__ import annotations

import re
from pathlib import Path

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
_DOUBLE = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:\s+#.*)?$')
_SINGLE = re.compile(r"^'([^']*)'(?:\s+#.*)?$")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _value(raw: str) -> str:
    if m := _DOUBLE.match(raw):
        return re.sub(r"\\(.)", lambda e: _ESCAPES.get(e.group(1), "\\" + e.group(1)), m.group(1))
    if m := _SINGLE.match(raw):
        return m.group(1)
    # unquoted: " #" starts a comment
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def parse_dotenv(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match:  # other lines are ignored, as python-dotenv does
            values[match.group(1)] = _value(match.group(2))
    return values


def read_dotenv(path: Path) -> dict[str, str]:
    """The file's values, or nothing when it does not exist or cannot be read."""
    try:
        return parse_dotenv(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}

"""The paging cursor of token pagination (`pagination_mode: "token"`, `after`),
one format for every list: the sort key and direction of the listing and the
sort value and id of the last row handed out. The next page starts right
after that row (keyset pagination), so no listing ever skips rows with OFFSET
and a cursor stays right when rows are added before it. Opaque to clients."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.server.errors import InvalidInput


@dataclass(frozen=True)
class Cursor:
    sort: str  # the field name the listing sorts by
    desc: bool
    value: Any  # the last row's sort value (None, a number, a string or a datetime)
    last_id: int

    def encode(self) -> str:
        value = {"dt": self.value.isoformat()} if isinstance(self.value, datetime) else self.value
        raw = json.dumps({"s": self.sort, "d": self.desc, "v": value, "i": self.last_id})
        return base64.urlsafe_b64encode(raw.encode()).decode()

    @classmethod
    def decode(cls, text: str, sort: str, desc: bool) -> Cursor:
        """The cursor in `text`, which must come from a listing in the same order."""
        try:
            data = json.loads(base64.urlsafe_b64decode(text.encode()))
            value = data["v"]
            if isinstance(value, dict):
                value = datetime.fromisoformat(value["dt"])
            cursor = cls(str(data["s"]), bool(data["d"]), value, int(data["i"]))
        except Exception:  # any malformed cursor is the caller's error
            raise InvalidInput("malformed 'after' cursor") from None
        if (cursor.sort, cursor.desc) != (sort, desc):
            raise InvalidInput("the 'after' cursor belongs to a listing with another sort order")
        return cursor

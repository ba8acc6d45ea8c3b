"""When and how long to wait before retrying a read.

Reads retry what the official SDK retries (connection errors, timeouts and the
status codes below) with full-jitter exponential backoff, but inside a total
time budget instead of the SDK's ten attempts of up to a minute each: a
desktop app must tell the user within seconds that the server is gone."""

from __future__ import annotations

import contextvars
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

# False where the caller retries by itself (the outbox's backoff) or must not wait
# (an offline preview): a read then gives up at its first network error.
READ_RETRIES: contextvars.ContextVar[bool] = contextvars.ContextVar("read_retries", default=True)

# The SDK's list (api/api.py, io/network_exceptions.py).
RETRY_STATUSES = frozenset({408, 429, 499, 500, 502, 503, 504, 509, 598, 599})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    budget: float = 10.0  # seconds from the first attempt; no retry starts after it
    base_delay: float = 0.2
    max_delay: float = 4.0

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**attempt)]."""
        return random.uniform(0.0, min(self.max_delay, self.base_delay * (2**attempt)))

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The server's Retry-After wins when it asks for longer than our backoff."""
        wait = self.backoff(attempt)
        return max(wait, retry_after) if retry_after is not None else wait


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

"""An error in words a curator understands (never a traceback, never the token)."""

from __future__ import annotations

import asyncio

from desktop_app.api.errors import ApiError, Unavailable


class Refused(ValueError):
    """A refusal the domain words for the user itself (shown as it is)."""


def plain_error(exc: BaseException) -> str:
    """The server's message when it has one; otherwise what happened, in one sentence."""
    if isinstance(exc, Unavailable) and exc.message and exc.message not in str(exc):
        # why: "could not connect" (down) and "did not answer in time" (hung) call for different fixes
        return f"{exc} ({exc.message})"
    if isinstance(exc, (ApiError, Refused)):
        return str(exc)
    if isinstance(exc, (OSError, asyncio.TimeoutError)):
        return "The server could not be reached. Your edits are kept and will be sent when it is back."
    return f"Something went wrong: {exc}"

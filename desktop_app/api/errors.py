"""Errors of the v3 client, one class per thing a user can do something about.

`str(error)` is a plain sentence a UI can show as is; `.message` keeps the
server's own `details.message`, `.status` the HTTP status (None when no answer
came), `.method` the v3 method, `.type` the server's `details.type`.
Nothing here ever holds the API token."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Base class: the server refused a call or could not be reached."""

    summary = "The server refused the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        method: str | None = None,
        type: str | None = None,
        details: Any = None,
    ) -> None:
        self.message = message or ""
        self.status = status
        self.method = method
        self.type = type
        self.details = details
        super().__init__(self._text())

    def _text(self) -> str:
        return self.summary

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, method={self.method!r}, message={self.message!r})"


class NotAuthenticated(ApiError):
    summary = "The server did not accept the API token. Check the token in the connection settings."


class Forbidden(ApiError):
    summary = "You do not have permission to do this on the server."


class NotFound(ApiError):
    summary = "The item was not found on the server. It may have been deleted, or you may not have access to it."


class InvalidInput(ApiError):
    summary = "The server rejected the request."

    def _text(self) -> str:
        return f"{self.summary} {self.message}".strip() if self.message else self.summary


class Conflict(InvalidInput):
    """400 with details.type NONUNIQUE: a name already taken."""

    summary = "That name is already in use."


class EditConflict(ApiError):
    """409 CONFLICT: someone else saved the thing since it was read; nothing was written.

    `.image_ids` names the images whose annotation changed on the server."""

    summary = "Someone else saved this annotation since you opened it; nothing was overwritten."

    def __init__(self, *args: Any, image_ids: tuple[int, ...] = (), **kw: Any) -> None:
        self.image_ids = tuple(image_ids)
        super().__init__(*args, **kw)


class QueueWorkUnsupported(ApiError):
    """The server has no methods for working a labeling queue (take the next item,
    submit, review): a real Supervisely instance is worked in its web interface."""

    summary = (
        "This server does not let the app work a labeling queue. Open the queue in the server's web interface instead."
    )


class RateLimited(ApiError):
    """429 that outlived the retry budget; `.retry_after` is the server's hint in seconds."""

    summary = "The server is busy. Please try again in a moment."

    def __init__(self, *args: Any, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(*args, **kw)


class Unavailable(ApiError):
    """No usable answer: connection error, timeout, or 5xx after the retries.

    `.maybe_applied` is False only when the request certainly never reached the
    server (it failed to connect), so a write can be resent without doubt."""

    summary = "The server cannot be reached right now."

    def __init__(self, *args: Any, maybe_applied: bool = True, **kw: Any) -> None:
        self.maybe_applied = maybe_applied
        super().__init__(*args, **kw)


class BadResponse(ApiError):
    """A 200 whose body is not what the protocol promises (e.g. an HTML page)."""

    summary = "The server's answer was not understood. Is the address a Supervisely server?"


class PaginationError(ApiError):
    """The pages of a listing did not add up to its `total` (the list changed meanwhile)."""

    summary = "The list changed while it was being loaded. Please reload it."


_BY_STATUS: dict[int, type[ApiError]] = {401: NotAuthenticated, 403: Forbidden, 404: NotFound, 429: RateLimited}


def error_for_status(status: int, method: str, body: Any, *, retry_after: float | None = None) -> ApiError:
    """Turn a non-200 answer into the matching error, reading `{error, details}`."""
    message, type_ = _parse_body(body)
    kw: dict[str, Any] = dict(status=status, method=method, type=type_, details=body)
    if status >= 500:
        return Unavailable(message, **kw)
    if status == 429:
        return RateLimited(message, retry_after=retry_after, **kw)
    if status == 408:  # request timeout: the server gave up waiting for us
        return Unavailable(message, **kw)
    if status == 409:
        return EditConflict(message, image_ids=_image_ids(body), **kw)
    cls = _BY_STATUS.get(status)
    if cls is not None:
        return cls(message, **kw)
    if type_ == "NONUNIQUE":
        return Conflict(message, **kw)
    return InvalidInput(message, **kw)


def _parse_body(body: Any) -> tuple[str, str | None]:
    """(details.message or error, details.type); `details` may also be a list."""
    if not isinstance(body, dict):
        return "", None
    details = body.get("details")
    if isinstance(details, list) and details and isinstance(details[0], dict):
        details = details[0]
    message = ""
    type_ = None
    if isinstance(details, dict):
        message = str(details.get("message") or "")
        type_ = details.get("type")
    if not message and isinstance(body.get("error"), str):
        message = body["error"]
    return message, type_ if isinstance(type_, str) else None


def _image_ids(body: Any) -> tuple[int, ...]:
    """details.imageIds of a 409 body, as ints; () when absent or malformed."""
    details = body.get("details") if isinstance(body, dict) else None
    if isinstance(details, list) and details and isinstance(details[0], dict):
        details = details[0]
    raw = details.get("imageIds") if isinstance(details, dict) else None
    out = []
    for value in raw if isinstance(raw, list) else ():
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return tuple(out)

"""Errors every method raises; all become 4xx JSON bodies the SDK can parse:
{"error": <short text>, "details": {"message": ..., "type"?: ...}}."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 400
    error = "Bad request"

    def __init__(self, message: str, *, type: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.type = type
        self.extra = extra

    def body(self) -> dict[str, Any]:
        details: dict[str, Any] = {"message": self.message, **self.extra}
        if self.type:
            details["type"] = self.type
        return {"error": self.error, "details": details}


class InvalidInput(ApiError):
    status = 400
    error = "Invalid input"


class NonUnique(ApiError):
    status = 400
    error = "Name is not unique"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message, type="NONUNIQUE", **extra)


class NotFound(ApiError):
    status = 404
    error = "Not found"


class Unauthorized(ApiError):
    status = 401
    error = "Unauthorized"


class Forbidden(ApiError):
    status = 403
    error = "Forbidden"


class ConflictError(ApiError):
    """Someone else changed the thing since the caller read it; nothing was written."""

    status = 409
    error = "Conflict"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message, type="CONFLICT", **extra)


class BodyTooLarge(ApiError):
    """A request body over the server's limit (body_limit.py); nothing was read past it."""

    status = 413
    error = "Payload too large"


class LengthRequired(ApiError):
    status = 411
    error = "Length required"

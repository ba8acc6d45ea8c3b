"""Which database errors mean "run the whole request again".

PostgreSQL aborts one of two transactions that deadlocked (SQLSTATE 40P01)
and refuses a commit that cannot be serialised (40001). Neither says anything
about the request: the same request, in a new transaction, will normally go
through, so the server re-runs it rather than answering 503 to a client that
must not retry a write itself."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

RETRIED_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
ATTEMPTS = 4  # the first run and up to 3 re-runs


def lost_a_conflict(exc: BaseException) -> bool:
    """A transaction the database rolled back because of another one (psycopg's sqlstate)."""
    if not isinstance(exc, DBAPIError):
        return False
    return getattr(exc.orig, "sqlstate", None) in RETRIED_SQLSTATES


def may_rerun(content_type: str) -> bool:
    """A multipart upload's files are spooled once and closed after the first
    run; a JSON or empty body is cached by Starlette and reads again as it was."""
    return not content_type.startswith("multipart/")

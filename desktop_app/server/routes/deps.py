"""FastAPI dependencies of every v3 route: one database transaction per
request and the caller authenticated from `x-api-key`.

The caller is resolved before the body is validated, so a request without a
valid token gets 401 whatever its body. Routes that write take `WriteCtx`:
on SQLite their transaction begins with BEGIN IMMEDIATE, so two writers wait
for each other instead of one failing when it upgrades its lock, and the
writers of this process queue in arrival order first (db/writer_turns.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import User
from desktop_app.server.errors import Unauthorized
from desktop_app.server.users.tokens import user_with_token

api_key = APIKeyHeader(name="x-api-key", auto_error=False, description="the user's API token")


def _transaction(request: Request, writes: bool) -> Iterator[Session]:
    sqlite = request.app.state.engine.dialect.name == "sqlite"
    turn = request.app.state.writer_turns.turn() if writes and sqlite else nullcontext()
    with turn, request.app.state.sessions() as session, session.begin():
        options: dict[str, object] = {"sqlite_immediate": writes}
        if not writes and session.get_bind().dialect.name == "postgresql":
            # One snapshot for the whole read: a list's count and its rows are
            # separate statements, and at READ COMMITTED a commit in between made
            # `total` disagree with the rows (SQLite's read transaction is one
            # snapshot already).
            options["isolation_level"] = "REPEATABLE READ"
        session.connection(execution_options=options)
        yield session


def reading_session(request: Request) -> Iterator[Session]:
    yield from _transaction(request, writes=False)


def writing_session(request: Request) -> Iterator[Session]:
    yield from _transaction(request, writes=True)


def authenticated(session: Session, token: str | None) -> User:
    if not token:
        raise Unauthorized("missing x-api-key header")
    user = user_with_token(session, token)
    if user is None or user.disabled:
        raise Unauthorized("invalid API token")
    return user


# scope="function": the transaction commits (or fails) before the answer is
# sent, so a caller never sees 200 for a write that did not land.
ReadingSession = Annotated[Session, Depends(reading_session, scope="function")]
WritingSession = Annotated[Session, Depends(writing_session, scope="function")]
ApiKey = Annotated[str | None, Security(api_key)]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def reading_context(request: Request, session: ReadingSession, token: ApiKey) -> Ctx:
    return Ctx(session, authenticated(session, token), _base_url(request), request.app.state.settings)


def writing_context(request: Request, session: WritingSession, token: ApiKey) -> Ctx:
    return Ctx(session, authenticated(session, token), _base_url(request), request.app.state.settings)


ReadCtx = Annotated[Ctx, Depends(reading_context)]
WriteCtx = Annotated[Ctx, Depends(writing_context)]

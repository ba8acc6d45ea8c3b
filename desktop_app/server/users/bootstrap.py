"""Creating users, teams and their memberships: shared by the CLI, the demo
builder and the tests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Team, TeamMember, User, Workspace
from desktop_app.server.users.tokens import set_token


def ensure_user(
    session: Session, login: str, *, token: str | None = None, role: str = "user", name: str | None = None
) -> User:
    """Create the user, or update role/token of an existing one.

    A new user without `token` gets a random one nobody knows: call
    tokens.set_token to issue one that can be shown."""
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        user = User(login=login, name=name or login, role=role, email=f"{login}@example.com")
        set_token(user, token)
        session.add(user)
    else:
        user.role = role
        if token:
            set_token(user, token)
    session.flush()
    return user


def ensure_team(session: Session, name: str, description: str = "") -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, description=description)
        session.add(team)
        session.flush()
    return team


def ensure_member(session: Session, team: Team, user: User, role: str = "developer") -> None:
    member = session.get(TeamMember, (team.id, user.id))
    if member is None:
        session.add(TeamMember(team_id=team.id, user_id=user.id, role=role))
    else:
        member.role = role
    session.flush()


def ensure_workspace(session: Session, team: Team, name: str, description: str = "") -> Workspace:
    ws = session.scalar(select(Workspace).where(Workspace.team_id == team.id, Workspace.name == name))
    if ws is None:
        ws = Workspace(team_id=team.id, name=name, description=description)
        session.add(ws)
        session.flush()
    return ws

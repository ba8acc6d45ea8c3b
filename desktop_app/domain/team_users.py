"""The members of a team, for choosing a queue's labelers and reviewers.

The v3 subset has no team-members list: `users.list` gives everyone sharing
a team with the caller, and `users.info` their teams with their role there
(docs/wire-contract.md, section 6). So: list, then ask each user's teams (a few at a time)
and keep those in `team_id`. A very large user list is not asked one by one
(`MAX_ASKED`): everyone listed is offered then, and the server refuses a
non-member with a clear message when the queue is created."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from desktop_app.api.client import ApiClient

CONCURRENCY = 8
MAX_ASKED = 500


@dataclass(frozen=True)
class TeamUser:
    id: int
    login: str
    name: str = ""
    role: str | None = None  # the role in the team (admin, annotator, reviewer, ...), when known

    @property
    def label(self) -> str:
        """ "anna (Anna Berg)" — or the login alone."""
        return f"{self.login} ({self.name})" if self.name and self.name != self.login else self.login


async def team_users(api: ApiClient, team_id: int) -> list[TeamUser]:
    users = [u for u in await api.users.list() if not u.disabled]
    if len(users) > MAX_ASKED:
        return sorted((TeamUser(u.id, u.login, u.name) for u in users), key=lambda u: u.login.casefold())
    gate = asyncio.Semaphore(CONCURRENCY)

    async def role_in_team(user_id: int) -> tuple[bool, str | None]:
        async with gate:
            info = await api.connection.call("users.info", {"id": user_id}, idempotent=True)
        for team in info.get("teams") or ():
            if team.get("id") == team_id:
                return True, team.get("role")
        return False, None

    memberships = await asyncio.gather(*(role_in_team(u.id) for u in users))
    members = [TeamUser(u.id, u.login, u.name, role) for u, (member, role) in zip(users, memberships) if member]
    return sorted(members, key=lambda u: u.login.casefold())

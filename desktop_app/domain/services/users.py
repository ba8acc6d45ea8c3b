"""Who is connected, and the members of a team (a queue's labelers and reviewers)."""

from __future__ import annotations

from desktop_app.api.client import ApiClient
from desktop_app.api.records import User
from desktop_app.domain.team_users import TeamUser, team_users


class UsersService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def me(self) -> User:
        return await self._api.users.me()

    async def team_members(self, team_id: int) -> list[TeamUser]:
        return await team_users(self._api, team_id)

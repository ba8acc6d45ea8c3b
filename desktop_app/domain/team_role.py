"""What the user's role in the open project's team lets them do in the app, in
plain words (the server decides the same in server/permissions.py; the app only
hides what would be refused, and says why)."""

from __future__ import annotations

from dataclasses import dataclass

MANAGING_ROLES = frozenset({"admin", "manager", "developer"})


@dataclass(frozen=True, slots=True)
class RoleLimits:
    role: str | None  # None: not known (an older server that does not say)
    team: str

    @property
    def may_manage(self) -> bool:
        """Collections, queues and items: create, change, delete. Unknown roles
        are not held back: the server still refuses what it must."""
        return self.role is None or self.role in MANAGING_ROLES

    @property
    def reason(self) -> str:
        """Why managing actions are off ("" when they are not)."""
        if self.may_manage:
            return ""
        if self.role == "viewer":
            doing = "you can look but not change collections"
        else:
            doing = "you can work your labeling queues but not change collections"
        return f"Your role in {self.team} is {self.role}: {doing}"

    @property
    def annotation_reason(self) -> str:
        """Why annotation edits outside queue work are off ("" when they are not):
        annotators and reviewers annotate in the queue work window only."""
        if self.may_manage:
            return ""
        if self.role == "viewer":
            return f"Your role in {self.team} is viewer: you can look but not change annotations"
        return f"Your role in {self.team} is {self.role}: you annotate in your labeling queues (Work on queue)"

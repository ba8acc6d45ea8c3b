"""Who may change things in a team: every role but viewer (as images.bulk.remove
decides too). Looking is decided in access.py."""

from __future__ import annotations

from desktop_app.server import access
from desktop_app.server.context import Ctx
from desktop_app.server.errors import Forbidden
from desktop_app.server.images.remove import READ_ONLY_ROLES


def require_editor(ctx: Ctx, team_id: int, doing: str) -> None:
    """403 when the caller's role in the team only lets them look; `doing` says
    what was refused ("adding images to dataset 5")."""
    if access.team_role(ctx, team_id) in READ_ONLY_ROLES:
        raise Forbidden(f"your team role does not allow {doing}")

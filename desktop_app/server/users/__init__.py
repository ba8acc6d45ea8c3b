"""Users, teams, workspaces and API tokens."""

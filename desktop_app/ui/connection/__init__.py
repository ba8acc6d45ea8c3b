"""Choosing a server and a project: connection dialog and project chooser."""

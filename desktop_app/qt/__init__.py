"""Qt adapters without widgets: the session as signals, item models, thumbnail loading, task runner and scopes, undo."""

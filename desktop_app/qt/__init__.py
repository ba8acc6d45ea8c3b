"""Qt adapters without widgets: item models, thumbnail loading, task scopes, undo."""

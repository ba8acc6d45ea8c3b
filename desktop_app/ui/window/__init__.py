"""Main window frame: status bar, error indicator, shortcuts and pending-edits dialogs."""

"""Where the app connects and how it remembers servers: connection resolution,
saved server profiles, and token storage (OS keyring, or a private file)."""

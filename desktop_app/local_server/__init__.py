"""The bundled server as a child process of the app: its token, start, watch, restart, stop."""

"""desktop-app-server command line (filled in)."""


def main() -> int:
    raise SystemExit("not built yet")

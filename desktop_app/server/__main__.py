"""python -m desktop_app.server: the same command line as desktop-app-server."""

from desktop_app.server.cli import main

raise SystemExit(main())

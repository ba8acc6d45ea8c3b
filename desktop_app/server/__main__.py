"""python -m desktop_app.server: the same command line as desktop-app-server."""
from .cli import main

raise SystemExit(main())

"""The session: the open project and what the user looks at, in one Qt-free model that emits changes."""

from desktop_app.domain.session.filter_memory import FilterMemory, NoFilterMemory
from desktop_app.domain.session.model import FIELDS, Session, SessionListener
from desktop_app.domain.session.selection import SelectionSummary

__all__ = ["FIELDS", "FilterMemory", "NoFilterMemory", "SelectionSummary", "Session", "SessionListener"]

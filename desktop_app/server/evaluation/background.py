"""Recomputing a big project after its IoU threshold changed, in the background.

Every verdict depends on the threshold, so a new one means matching every item
again: about 0.2 ms an item, minutes at a million. In one request that would
outlast any client's timeout and, on SQLite, hold the only write lock the
whole time. So above SYNC_LIMIT items `evaluation.settings.update` stores the
threshold, answers at once, and this runs the recompute in a thread, BATCH
items per transaction: other writers take their turns between batches, and
an annotation saved meanwhile is matched at the new threshold by its own save.
`evaluation.settings.info` tells how far it is. A newer threshold for the same
project stops the older run at its next batch and starts again.

The progress lives in this server process (the bundled server runs one)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Image
from desktop_app.server.evaluation.recompute import BATCH, ProjectClasses, evaluate_batch, project_item_ids

log = logging.getLogger(__name__)
SYNC_LIMIT = 20_000  # items: below this the update recomputes before it answers (a few seconds at most)


@dataclass
class Progress:
    total: int
    done: int = 0
    running: bool = True
    error: str | None = None
    stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def json(self) -> dict[str, object]:
        out: dict[str, object] = {"running": self.running, "done": self.done, "total": self.total}
        if self.error is not None:
            out["error"] = self.error
        return out


class Recomputes:
    def __init__(self, sessions: Callable[[], Session], turn: Callable[[], AbstractContextManager[object]]) -> None:
        """`turn()`: a writer's turn (SQLite's fair queue), or a context that does nothing
        (PostgreSQL's writers are ordered by their row locks)."""
        self._sessions, self._turn = sessions, turn
        self._runs: dict[int, Progress] = {}
        self._lock = threading.Lock()

    def progress(self, project_id: int) -> dict[str, object]:
        with self._lock:
            run = self._runs.get(project_id)
        return (run or Progress(0, running=False)).json()  # none ran in this process: idle

    def plan(self, project_id: int, total: int) -> Progress:
        """Register a run before the update answers (so a poll right after sees it running);
        a running one for the project stops at its next batch."""
        run = Progress(total)
        with self._lock:
            older = self._runs.get(project_id)
            if older is not None:
                older.stop.set()
            self._runs[project_id] = run
        return run

    def start(self, project_id: int, threshold: float, run: Progress) -> None:
        """Run a planned recompute in a thread (called once the threshold is committed)."""
        threading.Thread(
            target=self._run, args=(project_id, threshold, run), name=f"recompute-{project_id}", daemon=True
        ).start()

    def _run(self, project_id: int, threshold: float, run: Progress) -> None:
        try:
            with self._sessions() as session:
                ids = project_item_ids(session, project_id)
            run.total = len(ids)
            classes: ProjectClasses | None = None
            for start in range(0, len(ids), BATCH):
                if run.stop.is_set():
                    return  # a newer threshold took over
                with self._turn(), self._sessions() as session, session.begin():
                    session.connection(execution_options={"sqlite_immediate": True})
                    batch = ids[start : start + BATCH]
                    # PostgreSQL: a save of one of these items waits for this batch, or this for it
                    session.execute(select(Image.id).where(Image.id.in_(batch)).with_for_update())
                    classes = classes or ProjectClasses(session, project_id)
                    evaluate_batch(session, project_id, batch, threshold, classes)
                run.done = min(start + BATCH, len(ids))
        except Exception as exc:  # the project keeps what was recomputed; info says why it stopped
            log.exception("recomputing project %s failed", project_id)
            run.error = str(exc) or type(exc).__name__
        finally:
            run.running = False

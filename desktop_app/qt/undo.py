"""Collection edits on the QUndoStack.

The domain commands (domain/collection_commands.py) are async `do()/undo()`
pairs; a QUndoCommand's `redo()/undo()` are synchronous. `UndoRunner` joins
them:

- `execute(build)` builds a domain command, runs `do()` FIRST (through
  `AppState.run`, so it shows in the status bar), and only when it succeeded
  pushes an `EditCommand` on `state.undo_stack`. The command carries a flag so
  the stack's initial `redo()` on push does not run it a second time. A
  failed edit leaves the stack untouched and shows `errorRaised`.
- Ctrl+Z / Ctrl+Y make the stack call `undo()/redo()`, which schedule the
  async `undo()/do()`. Every step (new edits too) runs under ONE asyncio.Lock,
  in the order the keys were pressed: Ctrl+Z Ctrl+Z Ctrl+Y reach the server in
  that order.
- A failed undo or redo: the server kept the state from before that step, so
  the stack is moved back to where the step began (without running anything),
  the steps still queued behind it are dropped (they assumed it succeeded),
  and the error is shown: "Undo failed (Add 3 items to “X”): <reason>". The entry stays on
  the stack, so the user can try again once the cause is fixed.
- A step is shielded from Cancel once it has started: a half-done create
  (collection made, items not queued) would be worse than a finished one.

Only one runner exists per AppState (`UndoRunner.of(state)`), so the sidebar
and the item actions share the lock."""
from __future__ import annotations

import asyncio
import inspect
import logging
import weakref
from typing import Any, Awaitable, Callable, Protocol, Sequence

from PySide6.QtGui import QUndoCommand

from desktop_app.domain.collection_commands import (
    AddItems,
    CreateCollection,
    DeleteCollection,
    Describe,
    DuplicateCollection,
    RemoveItems,
    Rename,
)

from desktop_app.qt.app_state import AppState, Progress, plain_error

log = logging.getLogger(__name__)
_ATTRIBUTE = "_collection_undo_runner"


class DomainCommand(Protocol):
    async def do(self) -> None: ...

    async def undo(self) -> None: ...


def quoted(name: str) -> str:
    return f"“{name}”"


def items_text(n: int) -> str:
    return f"{n:,} item" + ("" if n == 1 else "s")


def command_text(command: Any, name_of: Callable[[int | None], str | None]) -> str:
    """What the Edit menu says: "Add 12 items to “Hard cases”"."""
    def name(ref) -> str:
        found = name_of(ref.id)
        return quoted(found) if found else "the collection"

    if isinstance(command, Steps):
        return command.text
    if isinstance(command, RemoveItems):  # before AddItems: it is a subclass
        return f"Remove {items_text(len(command.ids))} from {name(command.ref)}"
    if isinstance(command, AddItems):
        return f"Add {items_text(len(command.ids))} to {name(command.ref)}"
    if isinstance(command, CreateCollection):
        return f"Create collection {quoted(command.name)}"
    if isinstance(command, Rename):
        return f"Rename {quoted(command.old)} to {quoted(command.new)}"
    if isinstance(command, Describe):
        return f"Edit description of {name(command.ref)}"
    if isinstance(command, DeleteCollection):
        return f"Delete collection {quoted(command.name)}"
    if isinstance(command, DuplicateCollection):
        return f"Duplicate {name(command.source)} as {quoted(command.name)}"
    return getattr(command, "text", "") or "Edit collections"


class Steps:
    """Several domain commands as one undo step (e.g. create a collection and
    add items to it). `do()` runs them in order and, when one fails, takes back
    the ones already done; `undo()` takes them back in reverse order."""

    def __init__(self, commands: Sequence[DomainCommand], text: str) -> None:
        self.commands = list(commands)
        self.text = text

    async def do(self) -> None:
        done: list[DomainCommand] = []
        try:
            for command in self.commands:
                await command.do()
                done.append(command)
        except BaseException:
            for command in reversed(done):
                try:
                    await command.undo()
                except Exception:  # the first error is the one to report
                    log.exception("could not take back a partial step")
            raise

    async def undo(self) -> None:
        for command in reversed(self.commands):
            await command.undo()


class EditCommand(QUndoCommand):
    """A domain command on the undo stack; the runner does the async work.

    The stack (a child of the state) owns this object, so it refers to the
    runner only weakly and to its domain command not at all (the runner keeps
    those): anything owned by the state's Qt tree that points back at the
    state forms a cycle the garbage collector tears down in an order PySide
    does not survive ("Slot ... not found" at exit)."""

    def __init__(self, runner: "UndoRunner", text: str) -> None:
        super().__init__(text)
        self._runner = weakref.ref(runner)
        self._already_done = True  # pushed after do() succeeded: skip the push's redo()

    @property
    def command(self) -> DomainCommand:
        return self._runner().domain_command(self)

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        if (runner := self._runner()) is not None:
            runner._schedule(self, forward=True)

    def undo(self) -> None:
        if (runner := self._runner()) is not None:
            runner._schedule(self, forward=False)


class UndoRunner:
    """One per AppState, kept as a plain attribute of it (not a QObject child,
    for the reason given under EditCommand)."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._lock = asyncio.Lock()
        self._generation = 0  # bumped by a failed step: steps queued behind it are dropped
        self._aligning = False  # moving the stack's index without running anything
        # The commands on the stack: Python wrapper -> domain command.
        self._edits: dict[int, tuple[EditCommand, DomainCommand]] = {}

    @classmethod
    def of(cls, state: AppState) -> "UndoRunner":
        runner = getattr(state, _ATTRIBUTE, None)
        if runner is None:
            runner = cls(state)
            setattr(state, _ATTRIBUTE, runner)
        return runner

    @property
    def stack(self):
        return self._state.undo_stack

    def name_of(self, collection_id: int | None) -> str | None:
        found = self._state.collection(collection_id) if collection_id is not None else None
        return found.name if found else None

    # -- new edits ---------------------------------------------------------
    def execute(self, build: DomainCommand | Callable[[Progress], Any], *, text: str | None = None,
                label: str | None = None, on_done: Callable[[Any], None] | None = None) -> asyncio.Task:
        """Build, do, then push. `build` is a domain command or a factory
        `(progress) -> command` (or an awaitable of one, e.g.
        `lambda _: service.rename(c, name)`); a factory may return None for
        "nothing to do". `on_done(command)` runs after
        success, `on_done(None)` after a refusal of bad input (already shown as an
        error); a server error is shown by AppState.run and skips `on_done`."""

        async def work(progress) -> Any:
            try:
                command = build(progress) if callable(build) else build
                if inspect.isawaitable(command):
                    command = await command
            except ValueError as exc:  # refused before anything was written (name taken...)
                self._state.errorRaised.emit(sentence(exc))
                return None
            if command is None:
                return None  # nothing to do after all (e.g. every item already in)
            what = text or command_text(command, self.name_of)
            async with self._lock:
                cancelled = await _finish_even_if_cancelled(command.do())
                edit = EditCommand(self, what)
                self._edits[id(edit)] = (edit, command)
                self.stack.push(edit)
                self._forget_dropped()
            if cancelled:
                raise asyncio.CancelledError
            await self._show_server_state()
            return command

        return self._state.run(work, label or "Saving", on_done=on_done)

    # -- undo / redo -------------------------------------------------------
    def _schedule(self, edit: EditCommand, *, forward: bool) -> None:
        if self._aligning:
            return
        index_before = self.stack.index()  # during undo()/redo() the stack has not moved yet
        generation = self._generation
        verb = "Redo" if forward else "Undo"

        async def work(progress) -> None:
            async with self._lock:
                if generation != self._generation:
                    return  # an earlier step failed; this one assumed it had worked
                try:
                    cancelled = await _finish_even_if_cancelled(edit.command.do() if forward else edit.command.undo())
                except Exception as exc:
                    self._generation += 1
                    self._align(index_before)
                    self._state.errorRaised.emit(f"{verb} failed ({edit.text()}): {sentence(exc)}")
                    return
            if cancelled:
                raise asyncio.CancelledError
            await self._show_server_state()

        self._state.run(work, f"{verb}: {edit.text()}")

    def _align(self, index: int) -> None:
        """Put the stack's index back without running any command."""
        self._aligning = True
        try:
            self.stack.setIndex(index)
        finally:
            self._aligning = False

    async def wait_idle(self) -> None:
        """Until every step queued so far has finished (for callers that chain work)."""
        async with self._lock:
            pass

    async def _show_server_state(self) -> None:
        # A direct call (create, duplicate, undo of a delete) changed the server
        # at once: show it now. Queued edits refresh the lists again when the
        # outbox has drained (AppState).
        await self._state.refresh_collections()
        if not self._state.outbox.pending():
            self._state.itemsChanged.emit()

    def domain_command(self, edit: EditCommand) -> DomainCommand:
        return self._edits[id(edit)][1]

    def _forget_dropped(self) -> None:
        """Forget commands the stack no longer holds (cleared, or undone and then
        replaced by a new edit)."""
        alive = {id(self.stack.command(i)) for i in range(self.stack.count())}
        self._edits = {key: pair for key, pair in self._edits.items() if key in alive}


async def _finish_even_if_cancelled(coro: Awaitable[None]) -> bool:
    """Run a step to its end even when Cancel is pressed meanwhile; True if it was.
    The step's own error is raised as usual."""
    task = asyncio.ensure_future(coro)
    try:
        await asyncio.shield(task)
        return False
    except asyncio.CancelledError:
        if task.cancelled():
            raise
        await task  # let the step end in a known state, then report the cancel
        return True


def sentence(exc: BaseException) -> str:
    """A refusal in words: ValueErrors from the domain are already plain, only capitalised."""
    if isinstance(exc, ValueError):
        text = str(exc)
        return (text[:1].upper() + text[1:]).rstrip(".") + "."
    return plain_error(exc)

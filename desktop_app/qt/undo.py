"""Collection edits on the QUndoStack, in the plain Qt pattern.

A domain command's `do()` and `undo()` (domain/collection_commands.py) only
queue operations in the outbox, so an `EditCommand`'s `redo()` and `undo()`
call them directly: Ctrl+Z Ctrl+Z Ctrl+Y are queued, and reach the server, in
the order they were pressed. `UndoRunner` adds what the stack cannot know:

- `execute(build)` builds a domain command (building may read the server for
  a preview or a name check; a ValueError there is a refusal, shown as an
  error, and nothing is pushed), then pushes it: the push's `redo()` queues it.
- Each step (a new edit, an undo, a redo) is followed in the status bar until
  the server has it, then the lists are refreshed. When the network holds it
  up (or after `WAIT` seconds) the wait ends; the edit stays queued.
- A step the server refuses: its operations not yet sent are dropped, the
  error is shown ("Undo failed (Add 3 items to “X”): <reason>") and the stack
  goes back to where the server is. A refused new edit leaves the stack; a
  refused undo or redo stays on it, so the user can try again once the cause
  is fixed.

Only one runner exists per AppState (`UndoRunner.of(state)`)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Protocol

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
from desktop_app.domain.deleted_items import forget_deleted
from desktop_app.domain.outbox import Sent
from desktop_app.qt.app_state import AppState, Progress, plain_error

log = logging.getLogger(__name__)
_ATTRIBUTE = "_collection_undo_runner"
WAIT = 15.0  # seconds a step is followed in the status bar at most; then it is left to the outbox


class DomainCommand(Protocol):
    def do(self) -> Sent: ...

    def undo(self) -> Sent: ...


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
    if isinstance(command, DuplicateCollection):  # before CreateCollection: it is a subclass
        return f"Duplicate {name(command.source)} as {quoted(command.name)}"
    if isinstance(command, CreateCollection):
        return f"Create collection {quoted(command.name)}"
    if isinstance(command, Rename):
        return f"Rename {quoted(command.old)} to {quoted(command.new)}"
    if isinstance(command, Describe):
        return f"Edit description of {name(command.ref)}"
    if isinstance(command, DeleteCollection):
        return f"Delete collection {quoted(command.name)}"
    return getattr(command, "text", "") or "Edit collections"


class Steps:
    """Several domain commands as one undo step (e.g. create a collection and
    add items to it): done in order, undone in reverse order."""

    def __init__(self, commands: Sequence[DomainCommand], text: str) -> None:
        self.commands = list(commands)
        self.text = text

    def do(self) -> Sent:
        return Sent.all(command.do() for command in self.commands)

    def undo(self) -> Sent:
        return Sent.all(command.undo() for command in reversed(self.commands))


class EditCommand(QUndoCommand):
    """A domain command on the undo stack.

    The stack (a child of the state) owns this object, so it refers to the
    runner only weakly: anything owned by the state's Qt tree that points back
    at the state forms a cycle the garbage collector tears down in an order
    PySide does not survive ("Slot ... not found" at exit)."""

    def __init__(self, runner: UndoRunner, command: DomainCommand, text: str) -> None:
        super().__init__(text)
        self._runner = weakref.ref(runner)
        self.command = command
        self.sent = Sent.all([])  # the server's answer to the last step

    def redo(self) -> None:
        if (runner := self._runner()) is not None:
            runner.stepped(self, forward=True)

    def undo(self) -> None:
        if (runner := self._runner()) is not None:
            runner.stepped(self, forward=False)


class UndoRunner:
    """One per AppState, kept as a plain attribute of it (not a QObject child,
    for the reason given under EditCommand)."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._pushing: EditCommand | None = None
        # True while the stack's index is put back after a refusal: the commands
        # it passes over must not run (test_a_failed_undo_puts_the_stack_back...).
        self._rewinding = False

    @classmethod
    def of(cls, state: AppState) -> UndoRunner:
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
    def execute(
        self,
        build: DomainCommand | Callable[[Progress], Any],
        *,
        text: str | None = None,
        label: str | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> asyncio.Task | None:
        """Build, then push. `build` is a domain command or a factory
        `(progress) -> command` (or an awaitable of one, e.g.
        `lambda _: service.rename(c, name)`); a factory may return None for
        "nothing to do". `on_done(command)` runs once the server has it (or the
        wait for it ended), `on_done(None)` after a refusal of bad input (already
        shown as an error); a server error is shown by AppState.run and skips `on_done`."""

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
            edit = self._pushing = EditCommand(self, command, text or command_text(command, self.name_of))
            try:
                self.stack.push(edit)  # its redo() queues the edit
            finally:
                self._pushing = None
            await self._follow(edit, edit.sent, None)
            return command

        return self._state.run(work, label or "Saving", on_done=on_done)

    def forget_deleted_items(self, gone: set[int]) -> None:
        """Items were deleted from their datasets: no undo or redo step may name them again
        (domain/deleted_items.py); a step left with nothing to do is dropped when reached."""
        for index in range(self.stack.count()):
            edit = self.stack.command(index)
            if not isinstance(edit, EditCommand):
                continue
            changed, empty = forget_deleted(edit.command, gone)
            if changed:
                edit.setText(command_text(edit.command, self.name_of))
            if empty:
                edit.setObsolete(True)  # QUndoStack drops an obsolete command instead of running it

    # -- every step ----------------------------------------------------------
    def stepped(self, edit: EditCommand, *, forward: bool) -> None:
        """The stack ran `edit` forward (redo) or back (undo): queue it."""
        if self._rewinding:
            return
        index_before = self.stack.index()  # during undo()/redo() the stack has not moved yet
        edit.sent = edit.command.do() if forward else edit.command.undo()
        if edit is self._pushing:
            return  # execute() follows it
        verb = "Redo" if forward else "Undo"
        self._state.run(self._follow(edit, edit.sent, index_before, verb), f"{verb}: {edit.text()}")

    async def _follow(self, edit: EditCommand, sent: Sent, index_before: int | None, verb: str = "") -> None:
        """Wait for the server's answer to a step; on a refusal put the stack back.
        `index_before` None: a new edit, whose refusal is raised."""
        if not await sent.answered(WAIT):
            self._state.messageRaised.emit(f"{edit.text()}: waiting for the server; it is sent when it is back.")
            return
        try:
            sent.result()
        except Exception as exc:
            self._take_back(edit, sent, index_before)
            if index_before is None:
                raise
            self._state.errorRaised.emit(f"{verb} failed ({edit.text()}): {sentence(exc)}")
            return
        await self._show_server_state()

    def _take_back(self, edit: EditCommand, sent: Sent, index_before: int | None) -> None:
        for op_id in sent.op_ids:  # the step's operations not sent yet
            with contextlib.suppress(KeyError, ValueError):
                self._state.outbox.discard(op_id)
        if index_before is None:
            edit.setObsolete(True)  # QUndoStack.undo() drops an obsolete command without running it
            if self.stack.index() > 0 and self.stack.command(self.stack.index() - 1) is edit:
                self.stack.undo()
            return
        self._rewinding = True
        try:
            self.stack.setIndex(index_before)
        finally:
            self._rewinding = False

    async def _show_server_state(self) -> None:
        # The server changed: show it now (the lists are refreshed again when the
        # outbox has drained, by AppState).
        await self._state.refresh_collections()
        if not self._state.outbox.pending():
            self._state.itemsChanged.emit()


def sentence(exc: BaseException) -> str:
    """A refusal in words: ValueErrors from the domain are already plain, only capitalised."""
    if isinstance(exc, ValueError):
        text = str(exc)
        return (text[:1].upper() + text[1:]).rstrip(".") + "."
    return plain_error(exc)

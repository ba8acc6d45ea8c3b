"""UndoRunner: an edit is pushed on the QUndoStack and queued at once; undo and
redo reach the real server in the order they were asked for; refusals leave
the stack where the server is."""

from desktop_app.domain.collection_backend import ADD_ITEMS, CREATE, DELETE, REMOVE_ITEMS
from desktop_app.domain.collection_commands import AddItems
from desktop_app.qt import undo
from desktop_app.qt.undo import Steps, UndoRunner, command_text
from tests.ui.collection_helpers import make_collection, project_item_ids, run, server_collections, server_items, settle


def test_one_runner_per_state(app_state):
    assert UndoRunner.of(app_state) is UndoRunner.of(app_state)


def test_edit_runs_first_and_undo_redo_follow_on_the_server(app_state, qtbot, qloop):
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    runner.execute(lambda _: service.create("Night misses", "cars missed at night"))
    settle(qtbot, app_state)
    assert "Night misses" in server_collections(qtbot, qloop, app_state)
    assert stack.count() == 1 and stack.undoText() == "Create collection “Night misses”"
    assert [c.name for c in app_state.collections] == ["Night misses"]  # the sidebar's list follows

    stack.undo()
    settle(qtbot, app_state)
    assert "Night misses" not in server_collections(qtbot, qloop, app_state)
    assert stack.canRedo() and not stack.canUndo()

    stack.redo()
    settle(qtbot, app_state)
    again = server_collections(qtbot, qloop, app_state)["Night misses"]
    assert again.description == "cars missed at night"
    assert stack.index() == 1


def test_quick_undo_undo_redo_reach_the_server_in_order(app_state, qtbot, qloop):
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    ids = project_item_ids(qtbot, qloop, app_state)[:7]
    hard = make_collection(qtbot, qloop, app_state, "Hard")

    async def add(progress):
        return service.add(await service.preview_add(hard.id, ids, set(ids)))

    runner.execute(add)
    settle(qtbot, app_state)
    runner.execute(lambda _: service.rename(app_state.collection(hard.id), "Harder"))
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state)["Harder"].id == hard.id
    assert stack.undoText() == "Rename “Hard” to “Harder”"

    # Without waiting: undo the rename, undo the add, redo the add.
    stack.undo()
    stack.undo()
    stack.redo()
    settle(qtbot, app_state)
    names = server_collections(qtbot, qloop, app_state)
    assert "Hard" in names and "Harder" not in names
    # Out of order, the redo (an add of items already in) would have been undone by the remove.
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids)
    assert stack.index() == 1 and stack.redoText() == "Rename “Hard” to “Harder”"


def test_a_refused_edit_changes_nothing_and_is_not_pushed(app_state, qtbot, qloop):
    runner = UndoRunner.of(app_state)
    make_collection(qtbot, qloop, app_state, "Taken")
    errors, done = [], []
    app_state.errorRaised.connect(errors.append)
    runner.execute(lambda _: app_state.service.create("Taken"), on_done=done.append)
    settle(qtbot, app_state)
    assert done == [None]
    assert errors and "already exists" in errors[-1] and errors[-1][0].isupper()
    assert app_state.undo_stack.count() == 0
    assert list(server_collections(qtbot, qloop, app_state)) == ["Taken"]


def test_a_failed_undo_puts_the_stack_back_and_can_be_retried(app_state, qtbot, qloop):
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    ids = project_item_ids(qtbot, qloop, app_state)[:4]
    doomed = make_collection(qtbot, qloop, app_state, "Doomed", ids)
    runner.execute(lambda _: service.delete(app_state.collection(doomed.id)))
    settle(qtbot, app_state)
    assert "Doomed" not in server_collections(qtbot, qloop, app_state)

    # Someone takes the name meanwhile: recreating it (the undo) is refused.
    squatter = make_collection(qtbot, qloop, app_state, "Doomed", refresh=False)
    errors = []
    app_state.errorRaised.connect(errors.append)
    stack.undo()
    settle(qtbot, app_state)
    assert errors and errors[-1].startswith("Undo failed (Delete collection “Doomed”)")
    assert stack.index() == 1 and stack.canUndo()  # still "deleted", as on the server
    assert server_items(qtbot, qloop, app_state, squatter.id) == set()

    run(qtbot, qloop, app_state.api.collections.remove(squatter.id))
    stack.undo()
    settle(qtbot, app_state)
    back = server_collections(qtbot, qloop, app_state)["Doomed"]
    assert server_items(qtbot, qloop, app_state, back.id) == set(ids)
    assert stack.index() == 0


def test_steps_are_one_undo_step(app_state, qtbot, qloop):
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    ids = project_item_ids(qtbot, qloop, app_state)[:3]

    async def build(progress):
        create = await service.create("Fresh")
        return Steps([create, AddItems(service, create.ref, ids)], "Add 3 items to new collection “Fresh”")

    runner.execute(build)
    settle(qtbot, app_state)
    fresh = server_collections(qtbot, qloop, app_state)["Fresh"]
    assert server_items(qtbot, qloop, app_state, fresh.id) == set(ids)
    assert stack.count() == 1 and stack.undoText() == "Add 3 items to new collection “Fresh”"

    stack.undo()
    settle(qtbot, app_state)
    assert "Fresh" not in server_collections(qtbot, qloop, app_state)
    stack.redo()
    settle(qtbot, app_state)
    again = server_collections(qtbot, qloop, app_state)["Fresh"]
    assert server_items(qtbot, qloop, app_state, again.id) == set(ids)


def test_command_texts_name_the_collection(app_state, qtbot, qloop):
    service = app_state.service
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    names = {hard.id: "Hard cases"}.get
    add = AddItems(service, service.ref(hard.id), range(12))
    assert command_text(add, names) == "Add 12 items to “Hard cases”"
    one = AddItems(service, service.ref(hard.id), [5])
    assert command_text(one, names) == "Add 1 item to “Hard cases”"
    gone = AddItems(service, service.ref(999_999), [5])
    assert command_text(gone, names) == "Add 1 item to the collection"


def test_a_redo_waits_for_the_slow_undo_before_it(app_state, qtbot, qloop):
    """Undoing a delete recreates the collection over the network; a redo pressed
    meanwhile must delete the recreated one, not the id that is already gone."""
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    ids = project_item_ids(qtbot, qloop, app_state)[:3]
    doomed = make_collection(qtbot, qloop, app_state, "Doomed", ids)
    runner.execute(lambda _: service.delete(app_state.collection(doomed.id)))
    settle(qtbot, app_state)

    errors = []
    app_state.errorRaised.connect(errors.append)
    busy = []
    app_state.busyChanged.connect(lambda label, done, total: busy.append(label))
    stack.undo()
    stack.redo()
    stack.undo()
    assert app_state.busy
    settle(qtbot, app_state)
    # The status bar showed the queued steps until the last one ended, then went idle once.
    assert busy[-1] == "" and busy.count("") == 1
    assert errors == []
    back = server_collections(qtbot, qloop, app_state)
    assert list(back) == ["Doomed"] and back["Doomed"].id != doomed.id
    assert server_items(qtbot, qloop, app_state, back["Doomed"].id) == set(ids)

    stack.redo()
    settle(qtbot, app_state)
    assert server_collections(qtbot, qloop, app_state) == {}


def test_steps_while_nothing_is_sent_are_queued_at_once_and_reach_the_server_in_order(
    app_state, qtbot, qloop, monkeypatch
):
    monkeypatch.setattr(undo, "WAIT", 0.2)  # the status bar follows each step only briefly
    runner, stack, service = UndoRunner.of(app_state), app_state.undo_stack, app_state.service
    ids = project_item_ids(qtbot, qloop, app_state)[:3]
    run(qtbot, qloop, app_state.outbox.stop())  # as if the server were down: nothing is sent

    async def build(progress):
        create = await service.create("Offline")
        return Steps([create, AddItems(service, create.ref, ids)], "Add 3 items to new collection “Offline”")

    runner.execute(build)
    qtbot.waitUntil(lambda: stack.count() == 1)
    stack.undo()
    stack.redo()
    assert stack.index() == 1
    assert [op.kind for op in app_state.outbox.pending()] == [
        CREATE,
        ADD_ITEMS,
        REMOVE_ITEMS,
        DELETE,
        CREATE,
        ADD_ITEMS,
    ]
    assert server_collections(qtbot, qloop, app_state) == {}

    app_state.outbox.start()  # the server is back
    settle(qtbot, app_state)
    back = server_collections(qtbot, qloop, app_state)
    assert list(back) == ["Offline"]
    assert server_items(qtbot, qloop, app_state, back["Offline"].id) == set(ids)

"""The outbox keeps edits on disk, sends them in order, survives a server that
is down, a 4xx, a restart and a SIGKILL mid-send."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from desktop_app.api.errors import Forbidden, InvalidInput, RateLimited, Unavailable
from desktop_app.domain.outbox import Discarded, Outbox, Sent, describe, result_of
from tests.server.world import ALICE

ROOT = Path(__file__).resolve().parents[2]
FAST = dict(backoff_base=0.01, backoff_max=0.04)


class FlakySender:
    """Raises the given errors in turn, then succeeds; records what it saw."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls: list[tuple[str, dict]] = []
        self.sent: list[tuple[str, dict]] = []
        self.raised_at: list[float] = []

    async def __call__(self, kind, payload):
        self.calls.append((kind, payload))
        await asyncio.sleep(0)
        if self.errors:
            self.raised_at.append(time.time())
            raise self.errors.pop(0)
        self.sent.append((kind, payload))
        return {"ok": True}


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 10))


def test_enqueue_writes_to_disk_before_anything_is_sent(tmp_path):
    sender = FlakySender()
    box = Outbox(tmp_path / "o.sqlite", sender)
    op_id = box.enqueue("rename", {"id": 1, "name": "x"}).op_id
    box.close()

    with sqlite3.connect(tmp_path / "o.sqlite") as db:
        row = db.execute("SELECT id, kind, payload, state, attempts FROM operations").fetchone()
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert row == (op_id, "rename", json.dumps({"id": 1, "name": "x"}), "pending", 0)
    assert mode == "wal"
    assert sender.calls == []


def test_server_down_keeps_order_and_replays_with_backoff(tmp_path):
    down = [Unavailable("connect failed", maybe_applied=False) for _ in range(3)]
    sender = FlakySender(*down, OSError("network unreachable"))
    box = Outbox(tmp_path / "o.sqlite", sender, **FAST)
    retry_at: dict[int, float] = {}  # attempts so far -> when the next one is due

    def watch():
        for op in box.pending():
            if op.state == "pending" and op.last_error:
                retry_at[op.attempts] = op.next_attempt_at

    box.listeners.append(watch)

    async def main():
        a = box.enqueue("add", {"n": 1}).op_id
        b = box.enqueue("add", {"n": 2}).op_id
        box.start()
        await box.wait_idle()
        await box.stop()
        return a, b

    a, b = run(main())
    # A was tried 5 times (4 network errors) and B only after A
    assert [p["n"] for _, p in sender.calls] == [1, 1, 1, 1, 1, 2]
    assert [p["n"] for _, p in sender.sent] == [1, 2]
    assert box.get(a).state == "done" and box.get(a).attempts == 5 and box.get(a).last_error is None
    assert box.get(b).attempts == 1
    assert box.pending() == [] and box.failed() == []
    # exponential, bounded: 0.01, 0.02, 0.04, 0.04 after each failure
    delays = [retry_at[n + 1] - raised for n, raised in enumerate(sender.raised_at)]
    assert len(delays) == 4
    for got, want in zip(delays, [0.01, 0.02, 0.04, 0.04], strict=True):
        assert want <= got <= want + 0.03  # uncapped, the last would be 0.08


def test_rate_limit_hint_is_honoured_within_the_bound(tmp_path):
    sender = FlakySender(RateLimited("slow down", retry_after=30))
    box = Outbox(tmp_path / "o.sqlite", sender, backoff_base=0.01, backoff_max=0.2)

    async def main():
        op = box.enqueue("add", {}).op_id
        box.start()
        await asyncio.sleep(0.05)
        waiting = box.get(op)
        await box.wait_idle()
        await box.stop()
        return waiting

    waiting = run(main())
    assert waiting.state == "pending" and "busy" in waiting.last_error
    assert 0.1 < waiting.next_attempt_at - waiting.created_at <= 0.25  # capped at backoff_max
    assert len(sender.sent) == 1


def test_a_refused_operation_fails_later_ones_go_on_and_retry_or_discard(tmp_path):
    sender = FlakySender(InvalidInput("a collection named 'x' already exists", status=400))
    box = Outbox(tmp_path / "o.sqlite", sender, **FAST)
    changes = []
    box.listeners.append(lambda: changes.append(len(box.pending())))

    async def main():
        bad = box.enqueue("create", {"name": "x"}).op_id
        good = box.enqueue("add", {"n": 2}).op_id
        box.start()
        await box.wait_idle()
        failed = box.failed()
        box.retry(bad)  # now the server accepts it
        await box.wait_idle()
        await box.stop()
        return bad, good, failed

    bad, good, failed = run(main())
    assert [op.id for op in failed] == [bad]
    assert "already exists" in failed[0].last_error  # the server's message for the user
    assert [p for _, p in sender.sent] == [{"n": 2}, {"name": "x"}]
    assert box.get(bad).state == "done"
    assert changes  # listeners heard about every step

    other = box.enqueue("x", {}).op_id
    box.discard(other)
    assert box.get(other) is None
    with pytest.raises(KeyError):
        box.discard("no-such-op")
    with pytest.raises(ValueError):  # only failed ones can be retried
        box.retry(box.enqueue("y", {}).op_id)


def test_each_operation_hands_back_the_servers_answer(tmp_path):
    down = [Unavailable("connect failed", maybe_applied=False)]
    sent = []

    async def sender(kind, payload):
        if down:
            raise down.pop()
        if kind == "create":
            raise InvalidInput("a collection named 'x' already exists", status=400)
        sent.append(payload["n"])
        return {"ok": True}

    box = Outbox(tmp_path / "o.sqlite", sender, **FAST)

    async def main():
        held = box.enqueue("add", {"n": 1})
        refused = box.enqueue("create", {"name": "x"})
        dropped = box.enqueue("add", {"n": 3})
        box.discard(dropped.op_id)
        box.start()
        reason = await asyncio.wrap_future(refused.held_up)  # it waits behind the first, held up by the network
        answer = await held
        with pytest.raises(InvalidInput, match="already exists"):
            await refused
        with pytest.raises(Discarded):
            await dropped
        both = await Sent.all([box.enqueue("add", {"n": 4}), box.enqueue("add", {"n": 5})])
        await box.stop()
        return reason, answer, both

    reason, answer, both = run(main())
    assert reason == describe(Unavailable("connect failed", maybe_applied=False))
    assert answer == {"ok": True} and both == [{"ok": True}, {"ok": True}]
    assert sent == [1, 4, 5]


def test_a_result_fills_the_later_operations_that_wait_for_it(tmp_path):
    sent_payloads = []

    async def sender(kind, payload):
        sent_payloads.append((kind, payload))
        return 41 if kind == "create" else None

    first = Outbox(tmp_path / "o.sqlite", sender)
    create = first.enqueue("create", {"name": "x"})
    first.enqueue("rename", {"id": result_of(create), "name": "y"})
    first.close()  # the placeholder is on disk: it survives a restart

    box = Outbox(tmp_path / "o.sqlite", sender)

    async def main():
        box.start()
        await box.wait_idle(5)
        await box.stop()

    run(main())
    assert sent_payloads == [("create", {"name": "x"}), ("rename", {"id": 41, "name": "y"})]


def test_forbidden_is_not_retried(tmp_path):
    sender = FlakySender(Forbidden("not your project", status=403))
    box = Outbox(tmp_path / "o.sqlite", sender, **FAST)

    async def main():
        op = box.enqueue("add", {}).op_id
        box.start()
        await box.wait_idle()
        await asyncio.sleep(0.05)
        await box.stop()
        return op

    op = run(main())
    assert len(sender.calls) == 1 and box.get(op).state == "failed"


def test_pending_edits_survive_a_restart(tmp_path):
    first = Outbox(tmp_path / "o.sqlite", FlakySender())
    ids = [first.enqueue("add", {"n": n}).op_id for n in range(3)]
    first.close()  # the app quit while offline

    sender = FlakySender()
    second = Outbox(tmp_path / "o.sqlite", sender)
    assert [op.id for op in second.pending()] == ids

    async def main():
        second.start()
        await second.wait_idle()
        await second.stop()

    run(main())
    assert [p["n"] for _, p in sender.sent] == [0, 1, 2]


def test_stop_mid_send_leaves_the_operation_pending(tmp_path):
    started = []

    async def slow(kind, payload):
        started.append(kind)
        await asyncio.sleep(10)

    box = Outbox(tmp_path / "o.sqlite", slow)

    async def main():
        op = box.enqueue("add", {}).op_id
        box.start()
        while not started:
            await asyncio.sleep(0.001)
        await box.stop()
        return op

    op = run(main())
    assert box.get(op).state == "pending"


def spawn_and_kill(db: Path, marker: Path, kind: str, payload: dict, *server: str) -> str:
    """Run outbox_child.py, wait until its send is in flight, SIGKILL it; return the op id."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.domain.outbox_child", str(db), str(marker), kind, json.dumps(payload), *server],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() or not marker.read_text():
            assert proc.poll() is None, "the child exited early"
            assert time.monotonic() < deadline, "the child never started sending"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text()


def test_operation_cut_off_by_sigkill_is_replayed_by_the_next_process(tmp_path):
    db = tmp_path / "o.sqlite"
    op_id = spawn_and_kill(db, tmp_path / "marker", "add", {"collectionId": 7, "entityIds": [1, 2]})

    sender = FlakySender()
    box = Outbox(db, sender)
    assert box.get(op_id).state == "sending"  # the dead process never finished it

    async def main():
        box.start()
        await box.wait_idle()
        await box.stop()

    run(main())
    assert sender.sent == [("add", {"collectionId": 7, "entityIds": [1, 2]})]
    assert box.get(op_id).state == "done"


def test_end_to_end_sigkill_after_the_server_applied_it_adds_once(tmp_path, live, world):
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "fp"}, ALICE).json()["id"]
    items = world.images["d1"][:3]
    db = tmp_path / "o.sqlite"
    payload = {"collectionId": coll, "entityIds": items}
    op_id = spawn_and_kill(db, tmp_path / "marker", "entities-collections.items.bulk.add", payload, live.url, ALICE)

    async def sender(kind, body):
        async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
            resp = await http.post(f"/public/api/v3/{kind}", json=body, headers={"x-api-key": ALICE})
            resp.raise_for_status()

    box = Outbox(db, sender)

    async def main():
        box.start()
        await box.wait_idle()
        await box.stop()

    run(main())
    assert box.failed() == [] and box.pending() == []
    listed = live.call(
        "images.list",
        {
            "projectId": world["p1"],
            "filters": [{"type": "entities_collection", "data": {"collectionId": coll, "include": True}}],
        },
        ALICE,
    ).json()
    assert sorted(e["id"] for e in listed["entities"]) == sorted(items)
    info = live.call("entities-collections.info", {"id": coll}, ALICE).json()
    assert info["itemsCount"] == 3  # each item exactly once, though the add reached the server twice
    assert op_id

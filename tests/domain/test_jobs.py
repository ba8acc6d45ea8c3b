"""BulkJob with real asyncio: progress, per-item failures, graceful cancel."""
from __future__ import annotations

import asyncio

import pytest

from desktop_app.domain.jobs import BulkJob


def test_progress_reports_every_step_and_result_counts_everything():
    seen: list[tuple[int, int]] = []
    processed: list[list[int]] = []

    async def step(batch):
        processed.append(batch)
        await asyncio.sleep(0)
        return None

    job = BulkJob(list(range(10)), step, batch_size=4)
    job.on_progress.append(lambda done, total: seen.append((done, total)))
    finished = []
    job.on_finished.append(finished.append)
    result = asyncio.run(job.run())

    assert processed == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert seen == [(4, 10), (8, 10), (10, 10)]
    assert result.ok and result.done == 10 and result.succeeded == 10
    assert finished == [result]


def test_failures_are_reported_per_item_and_the_job_goes_on():
    async def step(batch):
        if 3 in batch:
            raise ConnectionError("server went away")
        return {i: "odd ids are refused" for i in batch if i % 2}

    result = asyncio.run(BulkJob([0, 1, 2, 3, 4, 5], step, batch_size=2).run())

    assert result.done == 6
    assert result.failures == {
        1: "odd ids are refused",
        2: "ConnectionError: server went away",
        3: "ConnectionError: server went away",
        5: "odd ids are refused",
    }
    assert result.succeeded == 2 and not result.ok


def test_step_cannot_report_items_outside_its_batch():
    async def step(batch):
        return {999: "not mine"}

    result = asyncio.run(BulkJob([1, 2], step).run())
    assert result.failures == {}


def test_cancel_method_stops_between_steps():
    processed: list[int] = []
    job: BulkJob[int]

    async def step(batch):
        processed.extend(batch)
        if batch == [2]:
            job.cancel()
        await asyncio.sleep(0)

    job = BulkJob([1, 2, 3, 4], step)
    result = asyncio.run(job.run())

    assert processed == [1, 2]
    assert result.cancelled and result.done == 2 and not result.ok


def test_task_cancellation_lets_the_inflight_step_finish_then_raises():
    finished_steps: list[int] = []
    finished_results = []

    async def main():
        started = asyncio.Event()

        async def step(batch):
            started.set()
            await asyncio.sleep(0.05)  # the "network call" in flight
            finished_steps.extend(batch)

        job = BulkJob([1, 2, 3], step)
        job.on_finished.append(finished_results.append)
        task = asyncio.create_task(job.run())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return job

    job = asyncio.run(main())

    assert finished_steps == [1]  # the first step completed, no later step began
    assert job.progress == (1, 3)
    assert finished_results[0].cancelled and finished_results[0].done == 1


def test_second_cancellation_abandons_the_inflight_step():
    async def main():
        started = asyncio.Event()
        step_cancelled = asyncio.Event()

        async def step(batch):
            started.set()
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                step_cancelled.set()
                raise

        task = asyncio.create_task(BulkJob([1, 2], step).run())
        await started.wait()
        task.cancel()
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 1)
        assert step_cancelled.is_set()

    asyncio.run(main())


def test_a_broken_listener_does_not_stop_the_job():
    async def step(batch):
        return None

    job = BulkJob([1, 2, 3], step)

    def broken(done, total):
        raise RuntimeError("listener bug")

    job.on_progress.append(broken)
    assert asyncio.run(job.run()).done == 3


def test_a_job_runs_once():
    async def step(batch):
        return None

    job = BulkJob([1], step)
    asyncio.run(job.run())
    with pytest.raises(RuntimeError):
        asyncio.run(job.run())

"""The local engine: documents in flight on one event loop, or spread over worker processes.

An LLM run is bound by the server, not the CPU: one process with one event loop keeps
``--concurrency`` requests in flight (a long document's chunks among them) at a small
CPU cost per request. The rules backend is bound by the CPU, and one interpreter runs
on one core at a time, so ``--workers N`` (by default one per core, up to
``--concurrency``) forks worker processes that each run the same loop over their share.
The workers are forked after the parent has imported and warmed the Chinese NLP
libraries, so they start at once and share those pages.

Results come back to the parent, which alone writes the output; a worker that dies
takes only the documents it was holding (they fail with stage ``internal`` and are
retried by the next run), never the run. With worker processes the run's rate limits
hold across them: the limiter's state sits in shared memory.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from llmx.llm.ratelimit import LimiterStats
from llmx.pipeline import Extractor
from llmx.run.summary import Deliver, Outcome
from llmx.run.work import Task, process

#: documents the reorder buffer may run ahead of the oldest unfinished one, per slot
WINDOW_PER_SLOT = 8


#: requests in flight one event loop serves well before its CPU becomes the limit
REQUESTS_PER_WORKER = 32


def default_workers(extractor: Extractor, concurrency: int) -> int:
    """One process per core for CPU-bound backends (up to ``concurrency``); for model calls,
    one event loop per 32 requests in flight, up to one per core (measured with
    ``bench/bench_batch.py``: at 64 in flight a second process keeps up where one does not)."""
    cores = os.cpu_count() or 1
    if getattr(extractor.backend, "local_cpu", False):
        return max(1, min(concurrency, cores))
    return max(1, min(cores, concurrency // REQUESTS_PER_WORKER))


def docs_in_flight(extractor: Extractor, concurrency: int, workers: int) -> int:
    """Documents each worker keeps in flight: enough to fill its share of request slots,
    or (CPU-bound) one being extracted and one waiting."""
    if getattr(extractor.backend, "local_cpu", False):
        return 2
    return max(1, math.ceil(concurrency / workers))


class _Stop(Exception):
    """A delivery callback raised: the run stops, and the parent re-raises what it raised."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


async def run_tasks(
    extractor: Extractor,
    tasks: Iterator[Task],
    deliver: Deliver,
    *,
    in_flight: int,
    may_start: Callable[[Task], bool] = lambda task: True,
) -> None:
    """Extract ``tasks`` on the running loop, ``in_flight`` at a time, delivering each Outcome.

    ``may_start`` holds a task back (the reorder window) until it returns True; a task
    that has to wait is retried each time a document finishes.
    """
    pending: set[asyncio.Task[Outcome]] = set()
    held: Task | None = None
    try:
        while True:
            while len(pending) < in_flight:
                task = held if held is not None else next(tasks, None)
                held = None
                if task is None:
                    break
                if pending and not may_start(task):
                    held = task
                    break
                pending.add(asyncio.create_task(process(extractor, task)))
            if not pending:
                return
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for finished in done:
                try:
                    deliver(finished.result())
                except BaseException as err:
                    raise _Stop(err) from err
    finally:
        for task_future in pending:
            task_future.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)


def run_in_process(
    extractor: Extractor, tasks: Sequence[Task], deliver: Deliver, *, concurrency: int,
    may_start: Callable[[Task], bool],
) -> None:
    """The whole run on the extractor's own event loop, in this process."""
    in_flight = docs_in_flight(extractor, concurrency, 1)
    try:
        extractor.run(run_tasks(extractor, iter(tasks), deliver, in_flight=in_flight, may_start=may_start))
    except _Stop as stop:
        raise stop.cause from None


# -- worker processes ----------------------------------------------------------------------
#
# Each worker has two pipes of its own: tasks in, results out. A shared queue would let a
# worker that dies mid-write (its feeder thread holding the queue's lock, or half a message
# in the pipe) block every other worker and the parent for ever. With pipes of its own,
# only the parent and that one worker hold the ends, so its death reads as end-of-file.


class _Worker:
    """The parent's handle on one worker process: its pipes and the tasks it holds."""

    def __init__(self, proc: Any, tasks_out: Connection, results_in: Connection) -> None:
        self.proc = proc
        self.tasks_out = tasks_out
        self.results_in = results_in
        self.holding: dict[int, Task] = {}
        self.alive = True

    def close(self) -> None:
        self.alive = False
        self.tasks_out.close()
        self.results_in.close()


def _worker_main(extractor: Extractor, tasks_in: Connection, results_out: Connection, in_flight: int,
                 not_mine: Sequence[Connection]) -> None:
    """A worker process: extract what the parent sends, ``in_flight`` at a time, until it
    sends None. A reader thread hands tasks to the event loop as they arrive, so the
    parent's backlog is always there for the loop to start the moment a slot frees."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for conn in not_mine:  # the other ends the fork copied: closed, so a death reads as end-of-file
        conn.close()
    mine = Extractor(extractor.config, backend=extractor.backend)  # own cache handle, own event loop

    async def main() -> None:
        loop = asyncio.get_running_loop()
        arrived: asyncio.Queue[Task | None] = asyncio.Queue()

        def read() -> None:
            while True:
                try:
                    task: Task | None = tasks_in.recv()
                except (EOFError, OSError):  # the parent is gone: finish what is in hand
                    task = None
                loop.call_soon_threadsafe(arrived.put_nowait, task)
                if task is None:
                    return

        threading.Thread(target=read, name="llmx-inbox", daemon=True).start()
        slots = asyncio.Semaphore(in_flight)
        pending: set[asyncio.Task[Outcome]] = set()

        async def one(task: Task) -> Outcome:
            try:
                return await process(mine, task)
            finally:
                slots.release()

        while (task := await arrived.get()) is not None:
            await slots.acquire()
            future = asyncio.create_task(one(task))
            future.add_done_callback(lambda f: results_out.send(("outcome", f.result())))
            pending.add(future)
            future.add_done_callback(pending.discard)
        if pending:
            await asyncio.wait(pending)

    try:
        mine.run(main())
    finally:
        limiter = getattr(mine.backend, "limiter", None)
        results_out.send(("stats", limiter.stats if limiter is not None else LimiterStats()))
        results_out.close()
        mine.close()


def _start_workers(ctx: Any, extractor: Extractor, count: int, per_worker: int) -> list[_Worker]:
    """Fork ``count`` workers, each with its own task and result pipes; the parent keeps
    only its ends, each child only its own."""
    pipes = [(ctx.Pipe(duplex=False), ctx.Pipe(duplex=False)) for _ in range(count)]
    every_end = [conn for pair in pipes for pipe in pair for conn in pipe]
    workers = []
    for i, ((tasks_in, tasks_out), (results_in, results_out)) in enumerate(pipes):
        not_mine = [conn for conn in every_end if conn is not tasks_in and conn is not results_out]
        proc = ctx.Process(target=_worker_main, args=(extractor, tasks_in, results_out, per_worker, not_mine),
                           name=f"llmx-worker-{i}", daemon=True)
        proc.start()
        workers.append(_Worker(proc, tasks_out, results_in))
    for (tasks_in, _), (_, results_out) in pipes:
        tasks_in.close()
        results_out.close()
    return workers


def run_in_workers(
    extractor: Extractor,
    tasks: Sequence[Task],
    deliver: Deliver,
    *,
    workers: int,
    concurrency: int,
    may_start: Callable[[Task], bool],
) -> LimiterStats:
    """The run over ``workers`` forked processes; returns their rate-limiter stats summed."""
    ctx = multiprocessing.get_context("fork")
    per_worker = docs_in_flight(extractor, concurrency, workers)
    backlog = 2 * per_worker  # sent ahead, so a worker never waits on the parent for its next document
    backend = extractor.backend
    client = getattr(backend, "client", None)
    if client is not None:  # the workers share one rate budget and split the request slots
        client.limiter = client.limiter.shared()
        client.max_in_flight = max(1, math.ceil(concurrency / workers))
    extractor.warm_up()  # imports and tables loaded once, shared by every fork
    pool = _start_workers(ctx, extractor, workers, per_worker)
    stats = LimiterStats()
    remaining = iter(tasks)
    held: Task | None = None

    def alive() -> list[_Worker]:
        return [w for w in pool if w.alive]

    def lose(worker: _Worker) -> None:
        """A worker whose pipe ended early died: its documents fail, the run goes on."""
        worker.close()
        worker.proc.join(timeout=5)
        _worker_died(worker.proc, worker.holding, deliver)

    def feed(worker: _Worker) -> None:
        nonlocal held
        while worker.alive and len(worker.holding) < backlog:
            task = held if held is not None else next(remaining, None)
            held = None
            if task is None:
                return
            if any(w.holding for w in pool) and not may_start(task):
                held = task
                return
            try:
                worker.tasks_out.send(task)
            except OSError:  # it died since its last result: the task waits for another worker
                held = task
                lose(worker)
                return
            worker.holding[task.index] = task

    def feed_all() -> None:
        for worker in sorted(alive(), key=lambda w: len(w.holding)):  # the idlest first: no worker starves
            feed(worker)

    try:
        feed_all()
        while alive() and (any(w.holding for w in alive()) or held is not None):
            for worker, message in _arrived(alive(), timeout=1.0):
                if message is None:
                    lose(worker)
                    continue
                kind, payload = message
                if kind == "stats":
                    stats.merge(payload)
                    continue
                outcome: Outcome = payload
                worker.holding.pop(outcome.index, None)  # the pipe it came by says whose it was
                deliver(outcome)
            feed_all()
        if not alive():
            _fail_rest(held, remaining, deliver, "every worker process died")
            held = None
        _finish(alive(), stats)
    finally:
        for worker in pool:
            if worker.proc.is_alive():
                worker.proc.terminate()
                worker.proc.join(timeout=5)
    return stats


def _finish(workers: list[_Worker], stats: LimiterStats, timeout: float = 30.0) -> None:
    """Tell each worker there is no more work and gather its limiter stats, its last message."""
    for worker in workers:
        try:
            worker.tasks_out.send(None)
        except OSError:
            continue
    deadline = time.monotonic() + timeout
    waiting = list(workers)
    while waiting and (left := deadline - time.monotonic()) > 0:
        for worker, message in _arrived(waiting, timeout=left):
            if message is None:
                waiting.remove(worker)
            elif message[0] == "stats":
                stats.merge(message[1])
    for worker in workers:
        worker.proc.join(timeout=max(0.0, deadline - time.monotonic()))
        worker.close()


def _arrived(workers: list[_Worker], timeout: float) -> list[tuple[_Worker, tuple[str, Any] | None]]:
    """The messages waiting on ``workers``' result pipes within ``timeout``, one per ready
    pipe; None for a pipe that ended (its worker is gone, after its last whole message)."""
    by_pipe = {w.results_in: w for w in workers}
    arrived: list[tuple[_Worker, tuple[str, Any] | None]] = []
    for conn in wait(list(by_pipe), timeout=timeout):
        worker = by_pipe[conn]  # type: ignore[index]
        try:
            arrived.append((worker, worker.results_in.recv()))
        except (EOFError, OSError):
            arrived.append((worker, None))
    return arrived


def _worker_died(proc: Any, holding: dict[int, Task], deliver: Deliver) -> None:
    from llmx.errors import ExtractionError
    from llmx.run.work import failed

    reason = f"worker process {proc.name} died (exit code {proc.exitcode}); re-run to retry this document"
    tasks = list(holding.values())
    holding.clear()
    for task in tasks:
        deliver(failed(task, ExtractionError(task.doc_id, "internal", reason, "WorkerDied")))


def _fail_rest(held: Task | None, remaining: Iterator[Task], deliver: Deliver, reason: str) -> None:
    from llmx.errors import ExtractionError
    from llmx.run.work import failed

    for task in ([held] if held is not None else []) + list(remaining):
        deliver(failed(task, ExtractionError(task.doc_id, "internal", reason, "WorkerDied")))

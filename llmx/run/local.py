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
import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
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


def _worker_main(extractor: Extractor, inbox: Any, outbox: Any, in_flight: int) -> None:
    """A worker process: extract what the parent sends, ``in_flight`` at a time, until it
    sends None. A reader thread hands tasks to the event loop as they arrive, so the
    parent's backlog is always there for the loop to start the moment a slot frees."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    mine = Extractor(extractor.config, backend=extractor.backend)  # own cache handle, own event loop

    async def main() -> None:
        loop = asyncio.get_running_loop()
        arrived: asyncio.Queue[Task | None] = asyncio.Queue()

        def read() -> None:
            while True:
                task = inbox.get()
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
            future.add_done_callback(lambda f: outbox.put(("outcome", f.result())))
            pending.add(future)
            future.add_done_callback(pending.discard)
        if pending:
            await asyncio.wait(pending)

    try:
        mine.run(main())
    finally:
        limiter = getattr(mine.backend, "limiter", None)
        outbox.put(("stats", limiter.stats if limiter is not None else LimiterStats()))
        mine.close()


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
    outbox = ctx.Queue()
    inboxes = [ctx.SimpleQueue() for _ in range(workers)]
    processes = [
        ctx.Process(target=_worker_main, args=(extractor, inbox, outbox, per_worker), name=f"llmx-worker-{i}",
                    daemon=True)
        for i, inbox in enumerate(inboxes)
    ]
    for proc in processes:
        proc.start()
    holding: list[dict[int, Task]] = [{} for _ in processes]
    owner: dict[int, int] = {}
    stats = LimiterStats()
    remaining = iter(tasks)
    held: Task | None = None
    alive = set(range(workers))

    def feed(worker: int) -> None:
        nonlocal held
        while len(holding[worker]) < backlog:
            task = held if held is not None else next(remaining, None)
            held = None
            if task is None:
                return
            if any(holding) and not may_start(task):
                held = task
                return
            holding[worker][task.index] = task
            owner[task.index] = worker
            inboxes[worker].put(task)

    def feed_all() -> None:
        for worker in sorted(alive, key=lambda w: len(holding[w])):  # the idlest first: no worker starves
            feed(worker)

    try:
        feed_all()
        while any(holding[w] for w in alive) or held is not None:
            try:
                kind, payload = outbox.get(timeout=1.0)
            except queue.Empty:
                for worker in list(alive):
                    if not processes[worker].is_alive():
                        alive.discard(worker)
                        _worker_died(processes[worker], holding[worker], deliver)
                if not alive:
                    _fail_rest(held, remaining, deliver, "every worker process died")
                    held = None
                    break
                feed_all()
                continue
            if kind == "stats":
                stats.merge(payload)
                continue
            outcome: Outcome = payload
            worker = owner.pop(outcome.index)
            holding[worker].pop(outcome.index, None)
            deliver(outcome)
            feed_all()
        for worker in alive:
            inboxes[worker].put(None)
        waiting = len(alive)  # each worker's last message is its limiter stats
        while waiting:
            try:
                kind, payload = outbox.get(timeout=30)
            except queue.Empty:
                break
            if kind == "stats":
                stats.merge(payload)
                waiting -= 1
        for worker in alive:
            processes[worker].join(timeout=30)
    finally:
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
    return stats


def _worker_died(proc: Any, holding: dict[int, Task], deliver: Deliver) -> None:
    from llmx.errors import ExtractionError
    from llmx.run.work import failed

    reason = f"worker process {proc.name} died (exit code {proc.exitcode}); re-run to retry this document"
    for task in list(holding.values()):
        deliver(failed(task, ExtractionError(task.doc_id, "internal", reason, "WorkerDied")))
    holding.clear()


def _fail_rest(held: Task | None, remaining: Iterator[Task], deliver: Deliver, reason: str) -> None:
    from llmx.errors import ExtractionError
    from llmx.run.work import failed

    for task in ([held] if held is not None else []) + list(remaining):
        deliver(failed(task, ExtractionError(task.doc_id, "internal", reason, "WorkerDied")))

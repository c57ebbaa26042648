"""The Ray engine: the same run as the local engine, on a Ray cluster (``--engine ray``).

The driver (the process running ``llmx extract``) keeps everything a run owns: the
output, its resume rules, the errors file, input order and the summary (``run_batch``).
The cluster only turns Tasks into Outcomes: the Tasks become a Ray Dataset, a fixed pool
of actors, each holding one Extractor, maps its batches, and the Outcomes stream back to
the driver as plain rows and go to ``deliver``. No actor writes a file, so a run on Ray
resumes, orders and fails per document exactly as a local one does.

Rate limits belong to the API key, so they hold for the whole run: one actor holds the
run's RateLimiter, and every actor's model client asks it before each request.

``extract_dataset`` is the library entry for pipelines that already hold a Ray Dataset
of texts. Ray is an optional extra (``llmx[ray]``): this is the only module that imports
it, and only when a Ray run starts.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import math
import os
import re
import threading
import time
import uuid
import warnings
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from llmx.config import ExtractConfig
from llmx.errors import ConfigError, ExtractionError, RunError
from llmx.llm.ratelimit import LimiterStats, RateLimiter, is_rate_limit
from llmx.pipeline import Extractor
from llmx.run.local import run_tasks
from llmx.run.summary import Deliver, Outcome
from llmx.run.work import Task, failed

if TYPE_CHECKING:
    from collections.abc import Callable

    import ray.data

    from llmx.backends import Backend

INSTALL_HINT = "pip install 'llmx[ray]'"
#: model requests in flight per actor when --workers is not given: past that, one actor's
#: CPU (parsing, normalising and grounding answers) rather than the server sets the pace
REQUESTS_PER_ACTOR = 16
#: documents per batch for CPU-bound backends (extracted one after another)
CPU_BATCH_SIZE = 8
#: batches an LLM actor runs at once, so that its next batch starts while the slowest
#: documents of the last one finish (its client's request slots still cap the requests)
LLM_CALLS_PER_ACTOR = 2
#: batches handed to an actor at once: an LLM actor's two running ones, or a CPU-bound
#: actor's running one and the next; Ray's default (twice that) piles the first batches
#: onto whichever actor is ready first while the others are still starting
BATCHES_PER_ACTOR = 2
#: times a batch is retried on a restarted actor after its actor died (a lost node, the OOM
#: killer) before its documents fail; Ray Data's default, forever, never ends a run in
#: which one document kills whatever actor extracts it
BATCH_RETRIES = 2

_ERROR_FIELDS = ("doc_id", "stage", "error_type", "message", "source")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def require_ray() -> Any:
    """The ``ray`` module, or a ConfigError saying how to install it."""
    try:
        import ray
        import ray.data  # the engine needs the Data library, not only Ray core
    except ImportError as err:
        raise ConfigError(f"the Ray engine needs Ray here and on every node: {INSTALL_HINT} ({err})") from err
    return ray


# -- the run's one rate limiter ------------------------------------------------------------


class _LimiterActor:
    """The run's RateLimiter in a Ray actor: every request of every actor draws from it.

    ``acquire`` waits here, on the actor's event loop, so a request costs one call to the
    actor, and the stats (waits included) are the run's, in one place.
    """

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self.limiter = RateLimiter(rpm, tpm)

    async def acquire(self, tokens: int) -> None:
        await self.limiter.acquire(tokens)

    def settle(self, estimated: int, actual: int | None) -> None:
        self.limiter.settle(estimated, actual)

    def pause_for(self, seconds: float) -> None:
        self.limiter.pause_for(seconds)

    def stats(self) -> LimiterStats:
        return self.limiter.stats


class RemoteLimiter:
    """What a ChatClient uses of a RateLimiter, answered by the run's limiter actor.

    Every request asks the actor, limits or not: a 429 seen by one actor must pause the
    requests of all of them. ``settle`` and ``pause_for`` do not wait for an answer.
    """

    def __init__(self, actor: Any, rpm: float | None, tpm: float | None) -> None:
        self._actor = actor
        self.rpm, self.tpm = rpm, tpm

    @property
    def limited(self) -> bool:
        return bool(self.rpm or self.tpm)

    async def acquire(self, tokens: int = 0) -> None:
        await self._actor.acquire.remote(tokens)

    def settle(self, estimated: int, actual: int | None) -> None:
        if self.tpm and actual is not None:
            self._actor.settle.remote(estimated, actual)

    def pause_for(self, seconds: float) -> None:
        if seconds > 0:
            self._actor.pause_for.remote(seconds)

    def on_retry(self, exc: BaseException, wait_s: float) -> None:
        if is_rate_limit(exc):
            self.pause_for(wait_s)

    @property
    def stats(self) -> LimiterStats:
        """The whole run's stats (blocks: not for the event loop)."""
        ray = require_ray()
        stats: LimiterStats = ray.get(self._actor.stats.remote())
        return stats


def start_limiter(ray: Any, config: ExtractConfig) -> Any:
    """The run's limiter actor (named, so ``ray list actors`` shows it); it needs no CPU."""
    actor_class = ray.remote(_LimiterActor)
    return actor_class.options(
        name=f"llmx-rate-limiter-{uuid.uuid4().hex[:12]}", num_cpus=0, max_concurrency=100_000
    ).remote(config.rpm, config.tpm)


# -- the actors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorPlan:
    """How a run is spread over actors."""

    actors: int
    in_flight: int  # documents one batch keeps in flight on an actor's event loop
    batch_size: int
    calls_per_actor: int  # batches an actor runs at once
    num_cpus: float  # per actor


def plan_actors(backend: Any, *, concurrency: int, workers: int | None, documents: int | None,
                cluster_cpus: int) -> ActorPlan:
    """Actors and their share of ``--concurrency``, as the local engine splits it over processes.

    A CPU-bound backend (rules) gets one actor per CPU of the cluster, up to
    ``concurrency``, each extracting one document at a time; a model backend one actor per
    REQUESTS_PER_ACTOR requests, each keeping its share of the requests in flight.
    """
    cpu_bound = bool(getattr(backend, "local_cpu", False))
    if workers is None:
        workers = min(concurrency, cluster_cpus) if cpu_bound else math.ceil(concurrency / REQUESTS_PER_ACTOR)
        workers = min(workers, cluster_cpus)
    actors = max(1, min(workers, documents) if documents is not None else workers)
    num_cpus = min(1.0, cluster_cpus / actors)  # more actors than CPUs share them instead of never starting
    share = 1 if cpu_bound else max(1, math.ceil(concurrency / actors))
    batch_size = CPU_BATCH_SIZE if cpu_bound else share
    if documents is not None:  # a small run still gives every actor batches
        batch_size = max(1, min(batch_size, math.ceil(documents / (2 * actors))))
    calls = 1 if cpu_bound else LLM_CALLS_PER_ACTOR
    return ActorPlan(actors, in_flight=share, batch_size=batch_size, calls_per_actor=calls, num_cpus=num_cpus)


class _ExtractActor:
    """One actor's Extractor (its own event loop, cache handle and model client), for the whole run.

    The backend is built here from the config, or is the object the driver sent (a test
    double). A node whose llmx builds another configuration (another version, another
    prompt) is refused: its records would not resume with the driver's.
    """

    def __init__(self, config: ExtractConfig, backend: Backend | None, config_hash: str, limiter: Any,
                 in_flight: int) -> None:
        extractor = Extractor(config, backend=backend)
        if extractor.config_hash != config_hash:
            raise ConfigError(
                f"this node's llmx builds configuration {extractor.config_hash}, the driver's {config_hash}: "
                "install the same llmx version (and prompts) on every node"
            )
        client = getattr(extractor.backend, "client", None)
        if client is not None and limiter is not None:
            client.limiter = RemoteLimiter(limiter, config.rpm, config.tpm)
            client.max_in_flight = in_flight  # this actor's share of --concurrency
        self.extractor = extractor
        self.in_flight = in_flight

    def extract(self, tasks: list[Task]) -> list[Outcome]:
        """The batch's Outcomes, in the order they finished."""
        outcomes: list[Outcome] = []
        self.extractor.run(run_tasks(self.extractor, iter(tasks), outcomes.append, in_flight=self.in_flight))
        return outcomes

    def __del__(self) -> None:
        """Ray Data drops the UDF when the pool shuts down: close the model client in its loop."""
        with contextlib.suppress(Exception):
            self.extractor.close()


class _RunActor(_ExtractActor):
    """``map_batches`` for ``llmx extract``: Task rows in, one JSON Outcome per row out."""

    def __call__(self, batch: Any) -> Any:  # pyarrow.Table in and out
        import pyarrow

        tasks = [Task(row["index"], row["source"], row["doc_id"], row["text"], row["path"])
                 for row in batch.to_pylist()]
        outcomes = self.extract(tasks)
        return pyarrow.table({"outcome": [json.dumps(o.as_dict(), ensure_ascii=False) for o in outcomes]})


class _DatasetActor(_ExtractActor):
    """``map_batches`` for ``extract_dataset``: (id, text) rows in, {doc_id, report, error} out."""

    def __init__(self, *args: Any, text_column: str, id_column: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text_column, self.id_column = text_column, id_column

    def __call__(self, batch: Any) -> Any:  # pyarrow.Table in and out
        import pyarrow

        for column in (self.id_column, self.text_column):
            if column not in batch.column_names:
                raise ConfigError(f"extract_dataset: the dataset has no column {column!r} (it has "
                                  f"{', '.join(batch.column_names)}): pass text_column= and id_column=")
        tasks = []
        for i, row in enumerate(batch.to_pylist()):
            doc_id, text = str(row[self.id_column]), row[self.text_column]
            tasks.append(Task(i, doc_id, doc_id, "" if text is None else str(text)))
        outcomes = sorted(self.extract(tasks), key=lambda o: o.index)
        error_type = pyarrow.struct([(name, pyarrow.string()) for name in _ERROR_FIELDS])
        return pyarrow.table({
            "doc_id": pyarrow.array([o.doc_id for o in outcomes], pyarrow.string()),
            "report": pyarrow.array([o.line for o in outcomes], pyarrow.string()),
            "error": pyarrow.array([o.error for o in outcomes], error_type),
        })


# -- a session ----------------------------------------------------------------------------


def _local_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def ray_session(address: str | None) -> Iterator[Any]:
    """Ray for one run: the caller's if it is already connected (a notebook, a test), the
    cluster at ``address`` (left running), or a local Ray started for the run and shut down
    after it."""
    ray = require_ray()
    if ray.is_initialized():
        yield ray
        return
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(address="local", num_cpus=_local_cpus(), include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as err:
        if not address:
            raise RunError(f"cannot start a local Ray: {_reason(err)}") from err
        raise RunError(
            f"cannot join the Ray cluster at {address}: {_reason(err)} (is `ray start --head` running there, "
            "and does this machine have the cluster's auth token? Ray Client addresses look like "
            "ray://HEAD:10001, cluster addresses like HEAD:6379)"
        ) from err
    try:
        yield ray
    finally:
        settle_ray_data()
        ray.shutdown()


#: Name prefixes of Ray Data's helper threads in the driver that call Ray and end once their
#: dataset or iterator is stopped: the executor's ('ray-data-metadata-prefetch'), and
#: ``iter_rows``' pipeline workers ('iter_threaded', 'map_tp_filling_worker-…'). Not the
#: usage poller (it reads no Ray state and never ends) nor the parked block 'Prefetcher'.
_RAY_DATA_THREADS = ("ray-data-", "iter_threaded", "map_tp_")


def settle_ray_data(timeout_s: float = 10.0) -> int:
    """Stop the Ray Data executors still running in this process and wait for their helper
    threads; returns how many threads were still running.

    A dataset stops its executor asynchronously (a stream left early, a stopped run), and
    its helper threads (the metadata prefetch, the row iterator's workers) go on resolving
    blocks for a moment. A thread that touches Ray after ``ray.shutdown()`` makes Ray end
    the whole process with exit code 1, so a finished run would report a failure. The
    executor class is Ray Data's own (``_internal``); the helper threads are known by the
    names in ``_RAY_DATA_THREADS``.
    """
    executor_class: type | None
    try:
        from ray.data._internal.execution.streaming_executor import StreamingExecutor as executor_class
    except ImportError:  # another Ray: its helper threads are still waited for by name
        executor_class = None
    deadline = time.monotonic() + timeout_s
    running = [t for t in threading.enumerate() if t.is_alive() and (
        t.name.startswith(_RAY_DATA_THREADS) or (executor_class is not None and isinstance(t, executor_class)))]
    for thread in running:
        shutdown = getattr(thread, "shutdown", None)
        if shutdown is not None:
            with contextlib.suppress(Exception):  # best effort: Ray's own shutdown may raise
                shutdown(force=True)
    for thread in running:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    return len(running)


@contextlib.contextmanager
def _quiet_ray_data() -> Iterator[None]:
    """Ray Data's console log (progress lines, plan dumps) off while llmx shows its own
    progress; its errors still show, and its session log file keeps everything."""
    handlers = [h for h in logging.getLogger("ray.data").handlers if isinstance(h, logging.StreamHandler)
                and not isinstance(h, logging.FileHandler)]
    levels = [h.level for h in handlers]
    for handler in handlers:
        handler.setLevel(max(handler.level, logging.ERROR))
    try:
        yield
    finally:
        for handler, level in zip(handlers, levels, strict=True):
            handler.setLevel(level)


def _run_settings(ds: ray.data.Dataset) -> ray.data.Dataset:
    """No progress bars or stats dumps (llmx shows its own), and a batch that failed past its
    retries is dropped, not the run: its documents are reported lost (``_lost``)."""
    context = ds.context  # this dataset's own copy: the process's defaults are left alone
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    context.max_errored_blocks = -1
    return ds


def _shipped_backend(ray: Any, extractor: Extractor) -> Backend | None:
    """None when the actors can build the same backend from the config (the CLI's case: a
    model client holds locks and sessions that do not travel); the object otherwise."""
    backend = extractor.backend
    if backend.name == extractor.config.resolved_backend():
        return None
    try:
        ray.cloudpickle.dumps(backend)
    except Exception as err:
        raise ConfigError(f"the {backend.name} backend cannot be sent to Ray actors ({err}): make it "
                          "picklable, or use a backend the config names (rules, openai)") from err
    return backend


def _cluster_cpus(ray: Any) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _map(ds: ray.data.Dataset, ray: Any, actor: type, plan: ActorPlan, kwargs: dict[str, Any]) -> ray.data.Dataset:
    pool: dict[str, Any] = {"size": plan.actors,
                            "max_tasks_in_flight_per_actor": max(BATCHES_PER_ACTOR, plan.calls_per_actor)}
    takes = inspect.signature(ray.data.ActorPoolStrategy.__init__).parameters
    if plan.calls_per_actor > 1 and {"max_concurrent_calls_per_actor", "enable_true_multi_threading"} <= set(takes):
        # Ray >= 2.5x; an older Ray runs one batch per actor at a time (its documents still concurrently)
        pool.update(max_concurrent_calls_per_actor=plan.calls_per_actor, enable_true_multi_threading=True)
    compute = ray.data.ActorPoolStrategy(**pool)
    with warnings.catch_warnings():
        # Ray 2.60 deprecates passing remote args such as max_task_retries with no named
        # replacement yet; Ray versions that drop them get none (and retry forever)
        warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated")
        return ds.map_batches(actor, batch_size=plan.batch_size, batch_format="pyarrow", compute=compute,
                              fn_constructor_kwargs=kwargs, num_cpus=plan.num_cpus, **_retry_args(ray))


def _retry_args(ray: Any) -> dict[str, Any]:
    """``max_task_retries`` for ``map_batches``, where this Ray accepts it."""
    parameters = inspect.signature(ray.data.Dataset.map_batches).parameters.values()
    takes_it = any(p.name == "max_task_retries" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    return {"max_task_retries": BATCH_RETRIES} if takes_it else {}


# -- the engine ----------------------------------------------------------------------------


@dataclass
class RayEngine:
    """A Ray cluster: ``workers`` actors, each with one Extractor, sharing one rate limit.

    Without an address (nor ``RAY_ADDRESS``, as ``ray job submit`` sets) the run starts a
    local Ray with this machine's CPUs and stops it after the run; with one it joins that
    cluster and leaves it running. Inputs must be readable at the same path on every node.

    ``may_start`` is not consulted: the actors pull batches as they free up, and Ray Data's
    backpressure bounds how far they run ahead of the driver, not of the oldest unfinished
    document; the output's reorder buffer holds what finishes early.
    """

    concurrency: int = 4
    address: str | None = None
    workers: int | None = None
    name: str = "ray"

    def __post_init__(self) -> None:
        require_ray()  # fail before the run, with the install hint

    def __call__(
        self, extractor: Extractor, tasks: Sequence[Task], deliver: Deliver, may_start: Callable[[Task], bool]
    ) -> LimiterStats:
        if not tasks:
            return LimiterStats()
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        with ray_session(address) as ray, _quiet_ray_data():
            plan = plan_actors(extractor.backend, concurrency=self.concurrency, workers=self.workers,
                               documents=len(tasks), cluster_cpus=_cluster_cpus(ray))
            self.workers = plan.actors
            backend = _shipped_backend(ray, extractor)
            limiter = start_limiter(ray, extractor.config) if getattr(extractor.backend, "client", None) else None
            try:
                rows = [{"index": t.index, "source": t.source, "doc_id": t.doc_id, "text": t.text,
                         "path": t.path or _absolute(t)} for t in tasks]
                ds = ray.data.from_items(rows, override_num_blocks=math.ceil(len(rows) / plan.batch_size))
                ds = _map(ds, ray, _RunActor, plan, {
                    "config": extractor.config, "backend": backend, "config_hash": extractor.config_hash,
                    "limiter": limiter, "in_flight": plan.in_flight,
                })
                seen: set[int] = set()
                with contextlib.closing(_stream(_run_settings(ds), address)) as stream:
                    for row in stream:
                        outcome = Outcome.from_dict(json.loads(row["outcome"]))
                        seen.add(outcome.index)
                        deliver(outcome)
                _lost(tasks, seen, deliver)
                stats: LimiterStats = ray.get(limiter.stats.remote()) if limiter is not None else LimiterStats()
                return stats
            finally:
                settle_ray_data()  # a stream left early: its executor must not outlive the run
                if limiter is not None:
                    ray.kill(limiter)


def _absolute(task: Task) -> str | None:
    """The absolute path of a relative source: actors work in other directories than the driver."""
    if task.text is not None or os.path.isabs(task.source):
        return None
    return os.path.abspath(task.source)


def _reason(err: BaseException) -> str:
    """An error in a line or two: Ray wraps the informative part (a remote traceback's last
    line, an inner cause), so both ends are kept."""
    inner = err
    while inner.__cause__ is not None and inner.__cause__ is not inner:
        inner = inner.__cause__

    def summary(e: BaseException) -> str:
        lines = [line.strip() for line in _ANSI.sub("", str(e)).splitlines() if line.strip()]
        if not lines:
            return type(e).__name__
        text = f"{type(e).__name__}: {lines[0][:200]}"
        return text + (f" ... {lines[-1][:300]}" if len(lines) > 1 else "")

    return summary(err) if inner is err else f"{summary(err)} ({summary(inner)})"


def _stream(ds: ray.data.Dataset, address: str | None) -> Generator[dict[str, Any], None, None]:
    """The dataset's rows; a failure of the cluster itself (not of a document) ends the run
    with a RunError that says what to check."""
    rows = iter(ds.iter_rows())
    try:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as err:
                where = f"the Ray cluster at {address}" if address else "the local Ray"
                raise RunError(
                    f"the run stopped on {where}: {_reason(err)} (every node needs the same llmx: {INSTALL_HINT}; "
                    "finished documents are kept: re-run to resume)"
                ) from err
            yield row
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # Ray Data shuts the dataset's executor down when its iterator closes


def _lost(tasks: Sequence[Task], seen: set[int], deliver: Deliver) -> None:
    """Documents whose batch never came back (an actor died past Ray's retries) fail, and
    the next run retries them, as with a dead local worker process."""
    for task in tasks:
        if task.index not in seen:
            reason = "lost on the Ray cluster (its actor died; the Ray logs say why); re-run to retry this document"
            deliver(failed(task, ExtractionError(task.doc_id, "internal", reason, "WorkerDied")))


# -- the library entry --------------------------------------------------------------------


def extract_dataset(
    ds: ray.data.Dataset,
    config: ExtractConfig,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    workers: int | None = None,
    backend: Backend | None = None,
) -> ray.data.Dataset:
    """Extract every row of a Ray Dataset of texts: a Dataset of rows ``{doc_id, report, error}``.

    ``report`` is the output line ``llmx extract`` would write (JSON), or None when the
    document failed; ``error`` is then its errors-file record (doc_id, stage, error_type,
    message, source). Lazy, like any Dataset: nothing runs until it is consumed. Needs a
    connected Ray (``ray.init()``). ``config.concurrency`` and ``workers`` mean what they
    mean for ``llmx extract --engine ray``; ``backend`` is for test doubles (it must pickle).
    """
    ray = require_ray()
    with Extractor(config, backend=backend) as probe:
        shipped = _shipped_backend(ray, probe)
        cpus = _cluster_cpus(ray) if ray.is_initialized() else _local_cpus()
        plan = plan_actors(probe.backend, concurrency=config.concurrency, workers=workers, documents=None,
                           cluster_cpus=cpus)
        limiter = start_limiter(ray, config) if getattr(probe.backend, "client", None) else None
        kwargs = {"config": config, "backend": shipped, "config_hash": probe.config_hash, "limiter": limiter,
                  "in_flight": plan.in_flight, "text_column": text_column, "id_column": id_column}
    return _map(ds, ray, _DatasetActor, plan, kwargs)

"""A run: many documents into one resumable output, whichever engine extracts them.

``run_batch`` owns what every engine shares: the output file and its resume rules, the
errors file, input order, the summary and progress callbacks. The engine only turns
Tasks into Outcomes: in this process, in forked worker processes (``llmx.run.local``),
or on Ray actors (``llmx.run.ray_engine``).

Exit codes (``RunSummary.exit_code``): 0 every document succeeded or was already done,
1 some failed (or were written without failed chunks), 2 none succeeded, the run could
not start, or it stopped because its server is unreachable or refuses the key; the CLI
adds 130 for Ctrl-C.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from llmx.errors import ExtractionError, InputError, RunStopped
from llmx.llm.ratelimit import LimiterStats
from llmx.pipeline import Extractor
from llmx.run.inputs import STDIN
from llmx.run.output import (
    InOrder,
    JsonlWriter,
    OutputState,
    check_resumable,
    errors_path_for,
    scan_output,
    sort_in_input_order,
)
from llmx.run.summary import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Deliver, Outcome, RunSummary
from llmx.run.work import Task, failed

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "Engine", "LocalEngine", "RunSummary", "errors_path_for",
           "run_batch", "scan_output"]

#: notes of one kind printed before the rest are only counted
NOTES_SHOWN_PER_KIND = 5
#: failures that end the run: no other document can succeed against this server
RUN_ENDING_ERRORS = frozenset({"ServerUnusableError"})

MessageCallback = Callable[[str, str], None]  # (kind: "failed" | "note", one-line text)
ProgressCallback = Callable[[RunSummary], None]


class Engine(Protocol):
    """Turns Tasks into Outcomes, handing each to ``deliver`` as it finishes (any order).

    ``may_start`` says whether a task may start yet (the output's reorder window); an
    engine that ignores it only makes the reorder buffer larger. Returns the rate
    limiter's stats for the summary.
    """

    name: str
    workers: int | None

    def __call__(
        self, extractor: Extractor, tasks: Sequence[Task], deliver: Deliver, may_start: Callable[[Task], bool]
    ) -> LimiterStats: ...


@dataclass
class LocalEngine:
    """This machine: one event loop in this process, or ``workers`` forked processes."""

    concurrency: int = 4
    workers: int | None = None
    name: str = "local"

    def __call__(
        self, extractor: Extractor, tasks: Sequence[Task], deliver: Deliver, may_start: Callable[[Task], bool]
    ) -> LimiterStats:
        from llmx.run.local import default_workers, run_in_process, run_in_workers

        count = self.workers or default_workers(extractor, self.concurrency)
        self.workers = count = 1 if len(tasks) <= 1 else count
        if count <= 1:
            run_in_process(extractor, tasks, deliver, concurrency=self.concurrency, may_start=may_start)
            limiter = getattr(extractor.backend, "limiter", None)
            return limiter.stats if limiter is not None else LimiterStats()
        return run_in_workers(extractor, tasks, deliver, workers=count, concurrency=self.concurrency,
                              may_start=may_start)


class _Sink:
    """Where Outcomes go, in input order: the output, the errors file, the summary, the callbacks."""

    def __init__(self, writer: JsonlWriter, errors: JsonlWriter, summary: RunSummary,
                 on_progress: ProgressCallback | None, on_message: MessageCallback | None) -> None:
        self.writer = writer
        self.errors = errors
        self.summary = summary
        self.on_progress = on_progress
        self.on_message = on_message
        self.order = InOrder(self._write)

    def message(self, kind: str, text: str) -> None:
        if self.on_message is not None:
            self.on_message(kind, text)

    def _write(self, outcome: Outcome) -> None:
        if outcome.line is not None:
            self.writer.write_line(outcome.line)
        elif outcome.error is not None:
            self.errors.write(outcome.error)

    def deliver(self, outcome: Outcome) -> None:
        """Count and show a finished document now; write it when its turn in the input comes."""
        summary = self.summary
        summary.add(outcome)
        self.order.put(outcome.index, outcome)
        if outcome.error is not None:
            error = outcome.error
            where = outcome.source if error.get("stage") == "load" else f"{outcome.source}: {error.get('stage')} failed"
            self.message("failed", f"{where}: {error.get('message')}")
        for kind, text in outcome.notes:
            summary.notes[kind] += 1
            if summary.notes[kind] <= NOTES_SHOWN_PER_KIND:
                self.message("note", text)
            elif summary.notes[kind] == NOTES_SHOWN_PER_KIND + 1:
                self.message("note", f"more '{kind}' notes are counted in the summary, not shown")
        if self.on_progress is not None:
            self.on_progress(summary)
        if outcome.error is not None and outcome.error.get("error_type") in RUN_ENDING_ERRORS:
            raise RunStopped(str(outcome.error.get("message")))

    def skip(self, index: int) -> None:
        self.summary.skipped += 1
        self.order.skip(index)
        if self.on_progress is not None:
            self.on_progress(self.summary)

    def flush_out_of_order(self) -> None:
        """On an interrupt: write what finished now, in whatever order (a resume sorts it)."""
        for index in sorted(self.order._waiting):
            self._write(self.order._waiting.pop(index))


def plan_tasks(
    paths: Iterable[Path], input_errors: Iterable[InputError], done: set[str], sink: _Sink,
    stdin_text: Callable[[], str | bytes] | None = None,
) -> tuple[list[Task], list[str]]:
    """Tasks for the documents to extract, in input order, and every input's doc id.

    Bad arguments, duplicate doc ids and documents already done are settled here,
    each at its place in the input order.
    """
    tasks: list[Task] = []
    order: list[str] = []
    seen: set[str] = set()
    index = 0
    for err in input_errors:
        sink.summary.total += 1
        task = Task(index, err.source, err.source)
        sink.deliver(failed(task, ExtractionError(err.source, "load", err.problem, "InputError")))
        order.append(err.source)
        index += 1
    for path in paths:
        sink.summary.total += 1
        is_stdin = path == Path(STDIN)
        doc_id = "stdin" if is_stdin else path.stem
        source = "<stdin>" if is_stdin else str(path)
        order.append(doc_id)
        if doc_id in seen:
            message = "duplicate doc_id: another input has the same file stem"
            sink.deliver(failed(Task(index, source, doc_id), ExtractionError(doc_id, "load", message, "InputError")))
        elif doc_id in done:
            sink.skip(index)
        else:
            text = stdin_text() if is_stdin and stdin_text is not None else None
            tasks.append(Task(index, source, doc_id, text))
        seen.add(doc_id)
        index += 1
    return tasks, order


def run_batch(
    paths: Iterable[Path],
    out: Path,
    extractor: Extractor,
    *,
    concurrency: int = 4,
    workers: int | None = None,
    engine: Engine | None = None,
    overwrite: bool = False,
    input_errors: Iterable[InputError] = (),
    on_progress: ProgressCallback | None = None,
    on_message: MessageCallback | None = None,
    stdin_text: Callable[[], str | bytes] | None = None,
) -> RunSummary:
    """Extract every path into ``out``; returns the summary (its ``exit_code`` is the run's).

    Raises RunError before doing anything when the run cannot start.
    """
    run_engine: Engine = engine or LocalEngine(concurrency, workers)
    started = time.perf_counter()
    summary = RunSummary(engine=run_engine.name)
    writer = JsonlWriter(out, truncate=overwrite, lock=True)
    try:
        state = OutputState() if overwrite else scan_output(out, extractor.config_hash)
        check_resumable(out, state, extractor.config_hash)
        if state.torn:
            writer.truncate_to(state.good_bytes)
            summary.torn_line_repaired = True
        errors = JsonlWriter(errors_path_for(out), truncate=True)
    except BaseException:
        writer.close()
        raise
    sink = _Sink(writer, errors, summary, on_progress, on_message)
    limiter_stats = LimiterStats()
    # how far finished documents may run ahead of the oldest unwritten one: enough that
    # every worker always has work, small enough that the reorder buffer stays bounded
    window = max(256, 8 * getattr(run_engine, "concurrency", concurrency))

    def may_start(task: Task) -> bool:
        return task.index < sink.order.next_index + window

    try:
        tasks, order = plan_tasks(paths, input_errors, state.done, sink, stdin_text)
        limiter_stats = run_engine(extractor, tasks, sink.deliver, may_start)
        summary.workers = run_engine.workers or 1
    except RunStopped as stop:  # what finished is written; the rest is left for a resume
        summary.stopped = str(stop)
        summary.workers = run_engine.workers or 1
        sink.flush_out_of_order()
    except BaseException:
        summary.interrupted = True
        sink.flush_out_of_order()
        raise
    finally:
        writer.close()
        errors.close()
        summary.rate_limit = limiter_stats.as_dict()
        summary.wall_seconds = time.perf_counter() - started
    if (state.lines or summary.stopped) and summary.succeeded:
        summary.reordered = sort_in_input_order(out, order)
    errors_file = errors_path_for(out)
    if summary.failed == 0 and errors_file.exists() and errors_file.stat().st_size == 0:
        errors_file.unlink()
    return summary

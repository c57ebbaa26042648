"""A run: many documents into one resumable output, whichever engine extracts them.

``run_batch`` owns what every engine shares: the output file and its resume rules, the
errors file, input order, the summary and progress callbacks. The engine only turns
Tasks into Outcomes: in this process, in forked worker processes (``llmx.run.local``),
or on Ray actors (``llmx.run.ray_engine``).

Exit codes (``RunSummary.exit_code``): 0 every document succeeded or was already done,
1 some failed (or were written without failed chunks), 2 none succeeded, the run could
not start, or it stopped early (its server is unreachable or refuses the key, or writing
the output failed: what was written stays); the CLI adds 130 for Ctrl-C.

Doc ids: a file's doc_id is its stem, standard input's the given id or a hash of its
text; an input whose stem another file already has (in this run or in OUT) gets
``stem-<8 hex of its path>`` and a note (``llmx.run.output.DocIds``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from llmx.errors import ExtractionError, InputError, RunError, RunStopped
from llmx.llm.ratelimit import LimiterStats
from llmx.pipeline import Extractor
from llmx.run.inputs import STDIN, STDIN_SOURCE
from llmx.run.output import (
    DocIds,
    InOrder,
    JsonlWriter,
    OutputState,
    OutputWriteError,
    check_resumable,
    damaged_messages,
    damaged_path_for,
    discard_interrupted_repair,
    errors_path_for,
    finish_interrupted_repair,
    repair_output,
    require_writable_directory,
    require_writable_file,
    scan_output,
    sort_in_input_order,
    stdin_doc_id,
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
        self.written = 0  # documents whose line (or errors-file record) is written
        self.input_order: list[str] = []  # doc ids in input order, for the sort after a resume

    def message(self, kind: str, text: str) -> None:
        if self.on_message is not None:
            self.on_message(kind, text)

    def note(self, kind: str, text: str) -> None:
        """A note of the run itself (not of a document's outcome), counted as theirs are."""
        self.summary.notes[kind] += 1
        if self.summary.notes[kind] <= NOTES_SHOWN_PER_KIND:
            self.message("note", text)
        elif self.summary.notes[kind] == NOTES_SHOWN_PER_KIND + 1:
            self.message("note", f"more '{kind}' notes are counted in the summary, not shown")

    def _write(self, outcome: Outcome) -> None:
        if outcome.line is not None:
            self.writer.write_line(outcome.line)
        elif outcome.error is not None:
            self.errors.write(outcome.error)
        self.written += 1

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


@dataclass(frozen=True)
class RunInputs:
    """What a run reads, in input order: the arguments that named no readable input, the
    paths, and standard input (read once, when its turn comes; ``stdin_id`` names it)."""

    paths: Iterable[Path]
    errors: Iterable[InputError] = ()
    stdin_text: Callable[[], str | bytes] | None = None
    stdin_id: str | None = None


def plan_tasks(inputs: RunInputs, state: OutputState, sink: _Sink) -> tuple[list[Task], list[str]]:
    """Tasks for the documents to extract, in input order, and every input's doc id.

    Bad arguments, doc ids and documents already done (their doc_id and source in OUT)
    are settled here, each at its place in the input order. Standard input is read here:
    its doc_id is ``stdin_id`` when given, else a hash of its text.
    """
    stdin_text, stdin_id = inputs.stdin_text, inputs.stdin_id
    tasks: list[Task] = []
    order: list[str] = []
    ids = DocIds(state)
    index = 0
    for err in inputs.errors:
        sink.summary.total += 1
        task = Task(index, err.source, err.source)
        sink.deliver(failed(task, ExtractionError(err.source, "load", err.problem, "InputError")))
        order.append(err.source)
        index += 1
    for path in inputs.paths:
        sink.summary.total += 1
        text: str | bytes | None = None
        if path == Path(STDIN):
            source = STDIN_SOURCE
            if stdin_text is not None:
                try:
                    text = stdin_text()
                except InputError as err:
                    name = stdin_id or "stdin"
                    sink.deliver(failed(Task(index, source, name), ExtractionError(name, "load", err.problem,
                                                                                   "InputError")))
                    order.append(name)
                    index += 1
                    continue
            stem = stdin_id or (stdin_doc_id(text) if text is not None else "stdin")
        else:
            source, stem = str(path), path.stem
        doc_id, holder = ids.assign(stem, source)
        if doc_id is None:
            message = f"duplicate doc_id: {holder} has the doc_id {stem!r}, and its suffixed form too"
            sink.deliver(failed(Task(index, source, stem), ExtractionError(stem, "load", message, "InputError")))
        else:
            if holder is not None:
                sink.note("doc_id", f"{source}: doc_id {doc_id!r}, as {holder} already has the doc_id {stem!r}")
            if ids.done(doc_id, source):
                sink.skip(index)
            else:
                tasks.append(Task(index, source, doc_id, text))
        order.append(doc_id or stem)
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
    stdin_id: str | None = None,
) -> RunSummary:
    """Extract every path into ``out``; returns the summary (its ``exit_code`` is the run's).

    Raises RunError before doing anything when the run cannot start (OUT locked, of
    another configuration, not a writable regular file). A write that fails mid-run
    stops the run: the summary's ``stopped`` says why, and what was written stays.
    """
    run_engine: Engine = engine or LocalEngine(concurrency, workers)
    started = time.perf_counter()
    summary = RunSummary(engine=run_engine.name)
    errors_file = errors_path_for(out)
    for beside in (errors_file, damaged_path_for(out)):
        require_writable_file(beside)  # before OUT is touched: a FIFO there would block the run later
    writer = JsonlWriter(out, truncate=False, lock=True)
    try:
        require_writable_directory(out)  # before --overwrite empties OUT, not after
        if overwrite:
            writer.truncate_to(0)
            discard_interrupted_repair(out)
            state = OutputState()
        else:
            finish_interrupted_repair(writer)
            state = scan_output(out, extractor.config_hash)
            check_resumable(out, state, extractor.config_hash)
            repair_output(writer, state)
            summary.damaged_lines = state.damaged
            summary.torn_line_repaired = state.torn
    except BaseException:
        writer.close()
        raise
    errors = JsonlWriter(errors_file, truncate=True, lazy=True)  # created by the first failure
    sink = _Sink(writer, errors, summary, on_progress, on_message)
    for text in damaged_messages(out, state):
        sink.message("note", text)
    # how far finished documents may run ahead of the oldest unwritten one: enough that
    # every worker always has work, small enough that the reorder buffer stays bounded
    window = max(256, 8 * getattr(run_engine, "concurrency", concurrency))
    inputs = RunInputs(paths, input_errors, stdin_text, stdin_id)
    try:
        output_failed = _run_tasks(run_engine, extractor, inputs, state, sink, window)
        # still under OUT's lock: a run started now is refused, not let append to a file
        # about to be replaced, nor lose its failures list to the unlink below
        if not output_failed:
            _finish_output(out, errors_file, state, sink, summary)
    finally:
        writer.close()
        summary.wall_seconds = time.perf_counter() - started
    return summary


def _run_tasks(
    run_engine: Engine, extractor: Extractor, inputs: RunInputs, state: OutputState, sink: _Sink, window: int
) -> bool:
    """Extract every document through ``sink``; returns whether writing OUT failed.
    No document starts more than ``window`` places after the oldest one not yet written."""
    summary = sink.summary
    limiter_stats = LimiterStats()
    output_failed = False

    def may_start(task: Task) -> bool:
        return task.index < sink.order.next_index + window

    try:
        tasks, order = plan_tasks(inputs, state, sink)
        sink.input_order = order
        limiter_stats = run_engine(extractor, tasks, sink.deliver, may_start)
        summary.workers = run_engine.workers or 1
    except RunStopped as stop:  # what finished is written; the rest is left for a resume
        summary.stopped = str(stop)
        summary.workers = run_engine.workers or 1
        try:
            sink.flush_out_of_order()
        except OutputWriteError as err:
            summary.stopped += f"; then {err}"
            output_failed = True
    except OutputWriteError as err:  # the documents not written stay unattempted, for a resume
        summary.stopped = str(err)
        summary.unwritten = summary.processed - sink.written
        output_failed = True
    except BaseException:
        summary.interrupted = True
        with contextlib.suppress(OutputWriteError):  # the interrupt is what the caller must see
            sink.flush_out_of_order()
        raise
    finally:
        sink.errors.close()
        summary.rate_limit = limiter_stats.as_dict()
    return output_failed


def _finish_output(out: Path, errors_file: Path, state: OutputState, sink: _Sink, summary: RunSummary) -> None:
    """Put OUT in input order when a resume or a stop mixed it, and drop a failures list
    that no longer describes OUT. Call with OUT still locked."""
    if (state.lines or summary.stopped) and summary.succeeded:
        try:
            summary.reordered = sort_in_input_order(out, sink.input_order)
        except RunError as err:
            sink.message("note", str(err))
    if not sink.errors.was_opened:  # nothing failed: the previous run's list no longer describes OUT
        try:
            errors_file.unlink(missing_ok=True)
        except OSError as err:
            sink.message("note", f"{errors_file}: cannot remove the previous run's failures ({err.strerror}); "
                                 "this run had none")

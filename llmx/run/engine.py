"""Batch extraction: many documents, N at once, resumable, nothing lost or written twice.

Design: worker threads (``concurrency`` documents in flight, each document's chunks in
order) feed one writer, the calling thread. The output is append-only JSONL, the run's
source of truth: each finished document is one whole line, sent with a single
``write(2)`` on an ``O_APPEND`` descriptor, so a run killed at any moment (kill -9
included) leaves whole lines and at most one torn last line, which the next run cuts off
before appending. Re-running the same command skips documents already in the output
under the same config hash; an output holding records of another configuration is
refused rather than mixed. An advisory lock stops two runs appending to one file.

Failures (after the backend's retries) go to ``OUT.errors.jsonl`` (doc_id, source,
stage, error_type, message), one line each, rewritten by every run; the run goes on.

Exit codes (``RunSummary.exit_code``): 0 every document succeeded or was already done,
1 some failed, 2 none succeeded or the run could not start; the CLI adds 130 for Ctrl-C.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmx.core.document import Document, document_from_text, load_document
from llmx.core.meta import Usage
from llmx.core.script import script_of
from llmx.errors import ExtractionError, InputError, RunError
from llmx.pipeline import Extractor
from llmx.run.inputs import STDIN

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2

#: files at least this big get a note saying how many chunks they became
LARGE_FILE_BYTES = 5 * 1024 * 1024
#: notes of one kind printed before the rest are only counted
NOTES_SHOWN_PER_KIND = 5

MessageCallback = Callable[[str, str], None]  # (kind: "failed" | "note", one-line text)


def errors_path_for(out: Path) -> Path:
    """``OUT.jsonl`` -> ``OUT.errors.jsonl``."""
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(f"{name}.errors.jsonl")


@dataclass
class RunSummary:
    total: int = 0
    succeeded: int = 0
    skipped: int = 0
    failed: int = 0
    records: Counter[str] = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)
    grounded_quotes: int = 0
    quotes: int = 0
    wall_seconds: float = 0.0
    failures_by_stage: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    rate_limit: dict[str, Any] = field(default_factory=dict)
    torn_line_repaired: bool = False
    interrupted: bool = False

    @property
    def processed(self) -> int:
        """Documents finished in this run, either way (skipped ones excluded)."""
        return self.succeeded + self.failed

    @property
    def exit_code(self) -> int:
        if self.failed == 0:
            return EXIT_OK
        return EXIT_PARTIAL if self.succeeded + self.skipped > 0 else EXIT_FAILED

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.total,
            "succeeded": self.succeeded,
            "skipped_already_done": self.skipped,
            "failed": self.failed,
            "failures_by_stage": dict(self.failures_by_stage),
            "records": dict(self.records),
            "usage": self.usage.as_dict(),
            "retries": {
                "transport": self.usage.transport_retries,
                "validation": self.usage.reasks,
            },
            "rate_limit": self.rate_limit,
            "input_notes": dict(self.notes),
            "grounded_share": round(self.grounded_quotes / self.quotes, 4) if self.quotes else None,
            "wall_seconds": round(self.wall_seconds, 3),
            "docs_per_second": round(self.processed / self.wall_seconds, 2) if self.wall_seconds else None,
            "exit_code": self.exit_code,
        }


# -- the output file ---------------------------------------------------------------------


@dataclass
class OutputState:
    """What an existing output holds: done doc ids by config hash, and whether its tail was torn."""

    done: set[str] = field(default_factory=set)
    other_configs: Counter[str] = field(default_factory=Counter)
    good_bytes: int = 0
    torn: bool = False


def scan_output(out: Path, config_hash: str) -> OutputState:
    """Read ``out`` line by line; stops at the first line that is not whole, valid JSON."""
    state = OutputState()
    if not out.exists():
        return state
    with out.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                state.torn = True  # cut by a kill mid-write: the document is redone
                break
            try:
                record = json.loads(raw)
            except json.JSONDecodeError:
                state.torn = True
                break
            state.good_bytes += len(raw)
            if not isinstance(record, dict) or "doc_id" not in record:
                continue
            record_hash = (record.get("meta") or {}).get("config_hash")
            if record_hash == config_hash:
                state.done.add(record["doc_id"])
            else:
                state.other_configs[str(record_hash)] += 1
    return state


class JsonlWriter:
    """Appends whole lines to a file, one ``write(2)`` per line on an ``O_APPEND`` descriptor.

    With ``lock`` it takes an exclusive advisory lock (released by the kernel when the
    process dies, so a killed run leaves no stale lock) and raises RunError when another
    run holds it.
    """

    def __init__(self, path: Path, *, truncate: bool, lock: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._lock = threading.Lock()
        if lock:
            try:
                _lock_exclusive(self._fd)
            except BlockingIOError:
                os.close(self._fd)
                raise RunError(
                    f"{path}: another llmx run is writing this file; wait for it or use another -o"
                ) from None
        if truncate:
            os.ftruncate(self._fd, 0)

    def truncate_to(self, size: int) -> None:
        os.ftruncate(self._fd, size)

    def write_line(self, line: str) -> None:
        data = (line.rstrip("\n") + "\n").encode("utf-8")
        with self._lock:
            view = memoryview(data)
            while view:  # a regular file takes it in one write; the loop is for the rare short write
                written = os.write(self._fd, view)
                view = view[written:]

    def write(self, record: dict[str, Any]) -> None:
        self.write_line(json.dumps(record, ensure_ascii=False, default=str))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _lock_exclusive(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one run per output is the user's job
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


# -- one document ------------------------------------------------------------------------


@dataclass
class _Done:
    """A finished document, ready for the writer thread."""

    doc_id: str
    line: str
    records: dict[str, int]
    usage: Usage
    quotes: int
    grounded: int
    notes: list[tuple[str, str]]


class _Failed(Exception):
    def __init__(self, error: ExtractionError, source: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.source = source


class _Cancelled(Exception):
    """The run is stopping; this document was not started."""


def _load(path: Path, doc_id: str) -> tuple[Document, int | None, bool]:
    if path == Path(STDIN):
        text = sys.stdin.read()
        return document_from_text(text, doc_id), None, text.startswith("\ufeff")
    document = load_document(path, doc_id)
    with path.open("rb") as fh:
        head = fh.read(3)
    return document, path.stat().st_size, head == b"\xef\xbb\xbf"


def _extract_one(extractor: Extractor, path: Path, doc_id: str, stop: threading.Event) -> _Done:
    """Load and extract one document; any failure comes back as _Failed naming it."""
    if stop.is_set():
        raise _Cancelled(doc_id)
    source = str(path) if path != Path(STDIN) else "<stdin>"
    try:
        document, size, had_bom = _load(path, doc_id)
        result = extractor.extract(document)
    except ExtractionError as err:
        raise _Failed(err, source) from err
    except InputError as err:
        raise _Failed(ExtractionError(doc_id, "load", err.problem, "InputError"), source) from err
    except Exception as err:  # a bug on one document must not lose the rest of the run
        raise _Failed(ExtractionError(doc_id, "internal", repr(err), type(err).__name__), source) from err
    report = result.report
    chunks = int((report.meta or {}).get("chunks") or 0)
    return _Done(
        doc_id=doc_id,
        line=report.model_dump_json(),
        records={kind: len(items) for kind, items in report.items().items()},
        usage=result.usage,
        quotes=result.grounding.quotes,
        grounded=result.grounding.quotes - result.grounding.none,
        notes=input_notes(document, source, size=size, had_bom=had_bom, chunks=chunks),
    )


def input_notes(
    document: Document, source: str, *, size: int | None, had_bom: bool, chunks: int
) -> list[tuple[str, str]]:
    """(kind, one-line message) for inputs that were read in a way worth knowing."""
    notes: list[tuple[str, str]] = []
    if document.encoding not in ("utf-8", "ascii"):
        notes.append(("encoding", f"{source}: not UTF-8, decoded as {document.encoding.upper()}"))
    if had_bom:
        notes.append(("bom", f"{source}: byte-order mark removed (offsets count from the first character)"))
    if "\r\n" in document.text:
        notes.append(("crlf", f"{source}: Windows line endings kept (offsets count each \\r)"))
    if document.is_html:
        notes.append(("html", f"{source}: HTML page, extracted from its visible text ({len(document.text)} chars)"))
    if size is not None and size >= LARGE_FILE_BYTES:
        notes.append(("large", f"{source}: large file ({size / 2**20:.1f} MB), split into {chunks} chunks"))
    script = script_of(document.text)
    if script == "mixed":
        notes.append(("script", f"{source}: traditional and simplified characters mixed; values are written "
                                "in simplified, evidence as in the source"))
    elif script == "traditional":
        notes.append(("script", f"{source}: traditional characters; values are written in simplified, "
                                "evidence as in the source"))
    return notes


# -- the run -----------------------------------------------------------------------------


ProgressCallback = Callable[[RunSummary], None]


class _Run:
    """State of one run, touched only by the calling (writer) thread."""

    def __init__(self, writer: JsonlWriter, errors: JsonlWriter, summary: RunSummary,
                 on_progress: ProgressCallback | None, on_message: MessageCallback | None) -> None:
        self.writer = writer
        self.errors = errors
        self.summary = summary
        self.on_progress = on_progress
        self.on_message = on_message

    def message(self, kind: str, text: str) -> None:
        if self.on_message is not None:
            self.on_message(kind, text)

    def failure(self, error: ExtractionError, source: str) -> None:
        summary = self.summary
        summary.failed += 1
        summary.failures_by_stage[error.stage] += 1
        usage = getattr(error, "usage", None)
        if isinstance(usage, Usage):
            summary.usage.merge(usage)  # retries spent on a failed document still count
        self.errors.write({**error.as_record(), "source": source})
        where = source if error.stage == "load" else f"{source}: {error.stage} failed"
        self.message("failed", f"{where}: {error.message}")

    def done(self, item: _Done) -> None:
        summary = self.summary
        self.writer.write_line(item.line)
        summary.succeeded += 1
        summary.records.update(item.records)
        summary.usage.merge(item.usage)
        summary.quotes += item.quotes
        summary.grounded_quotes += item.grounded
        for kind, text in item.notes:
            summary.notes[kind] += 1
            if summary.notes[kind] <= NOTES_SHOWN_PER_KIND:
                self.message("note", text)
            elif summary.notes[kind] == NOTES_SHOWN_PER_KIND + 1:
                self.message("note", f"more '{kind}' notes are counted in the summary, not shown")

    def collect(self, future: Future[_Done]) -> None:
        try:
            item = future.result()
        except _Failed as failed:
            self.failure(failed.error, failed.source)
        except _Cancelled:
            return
        else:
            self.done(item)
        if self.on_progress is not None:
            self.on_progress(self.summary)


def run_batch(
    paths: Iterable[Path],
    out: Path,
    extractor: Extractor,
    *,
    concurrency: int = 4,
    overwrite: bool = False,
    input_errors: Iterable[InputError] = (),
    on_progress: ProgressCallback | None = None,
    on_message: MessageCallback | None = None,
) -> RunSummary:
    """Extract every path into ``out``; returns the summary (its ``exit_code`` is the run's).

    Raises RunError before doing anything when the run cannot start.
    """
    started = time.perf_counter()
    summary = RunSummary()
    writer = JsonlWriter(out, truncate=overwrite, lock=True)
    try:
        state = OutputState() if overwrite else scan_output(out, extractor.config_hash)
        if state.other_configs:
            found = ", ".join(f"{n} with config {h}" for h, n in state.other_configs.most_common(3))
            raise RunError(
                f"{out}: holds records made with another configuration ({found}; this run's config is "
                f"{extractor.config_hash}). Use --overwrite to replace them, or write to another -o."
            )
        if state.torn:
            writer.truncate_to(state.good_bytes)
            summary.torn_line_repaired = True
        errors = JsonlWriter(errors_path_for(out), truncate=True)
    except BaseException:
        writer.close()
        raise
    run = _Run(writer, errors, summary, on_progress, on_message)
    stop = threading.Event()
    workers = max(1, concurrency)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llmx")
    try:
        for err in input_errors:
            summary.total += 1
            run.failure(ExtractionError(err.source, "load", err.problem, "InputError"), err.source)
        pending: set[Future[_Done]] = set()
        seen_ids: set[str] = set()
        for path in paths:
            doc_id = path.stem if path != Path(STDIN) else "stdin"
            summary.total += 1
            if doc_id in seen_ids:
                run.failure(
                    ExtractionError(doc_id, "load", "duplicate doc_id: another input has the same file stem",
                                    "InputError"),
                    str(path),
                )
                continue
            seen_ids.add(doc_id)
            if doc_id in state.done:
                summary.skipped += 1
                if on_progress is not None:
                    on_progress(summary)
                continue
            pending.add(pool.submit(_extract_one, extractor, path, doc_id, stop))
            while len(pending) >= 2 * workers:  # bounded: memory does not grow with the input list
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    run.collect(future)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                run.collect(future)
    except BaseException:
        summary.interrupted = True
        stop.set()  # documents not yet started are dropped; the ones in flight finish their request
        raise
    finally:
        pool.shutdown(wait=not summary.interrupted, cancel_futures=True)
        writer.close()
        errors.close()
        limiter = getattr(extractor.backend, "limiter", None)
        if limiter is not None and hasattr(limiter, "stats"):
            summary.rate_limit = limiter.stats.as_dict()
        summary.wall_seconds = time.perf_counter() - started
    errors_file = errors_path_for(out)
    if summary.failed == 0 and errors_file.exists() and errors_file.stat().st_size == 0:
        errors_file.unlink()
    return summary

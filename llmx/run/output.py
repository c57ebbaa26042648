"""The run's output: append-only JSONL, resumable, in input order, never half-written.

Each finished document is one whole line, sent with a single ``write(2)`` on an
``O_APPEND`` descriptor, so a run killed at any moment (kill -9 included) leaves whole
lines and at most one torn last line, which the next run cuts off before appending.
Re-running the same command skips documents already in the output under the same config
hash; an output holding records of another configuration is refused rather than mixed.
An advisory lock stops two runs appending to one file.

Lines are written in input order: a finished document waits in a small reorder buffer
until every document before it is written, failed or skipped, so two runs of the same
input give the same file. A resumed run appends after the lines already there; it then
rewrites the file in input order once at the end (atomically, through a temporary file).

Failures go to ``OUT.errors.jsonl`` (doc_id, source, stage, error_type, message), in input
order too, rewritten by every run and removed when a run has none.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmx.errors import RunError


def errors_path_for(out: Path) -> Path:
    """``OUT.jsonl`` -> ``OUT.errors.jsonl``."""
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(f"{name}.errors.jsonl")


@dataclass
class OutputState:
    """What an existing output holds: done doc ids by config hash, and whether its tail was torn."""

    done: set[str] = field(default_factory=set)
    other_configs: Counter[str] = field(default_factory=Counter)
    lines: int = 0
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
            state.lines += 1
            if not isinstance(record, dict) or "doc_id" not in record:
                continue
            record_hash = (record.get("meta") or {}).get("config_hash")
            if record_hash == config_hash:
                state.done.add(record["doc_id"])
            else:
                state.other_configs[str(record_hash)] += 1
    return state


def check_resumable(out: Path, state: OutputState, config_hash: str) -> None:
    """Refuse to mix configurations in one output (before anything is written)."""
    if state.other_configs:
        found = ", ".join(f"{n} with config {h}" for h, n in state.other_configs.most_common(3))
        raise RunError(
            f"{out}: holds records made with another configuration ({found}; this run's config is "
            f"{config_hash}). Use --overwrite to replace them, or write to another -o."
        )


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


class InOrder:
    """Releases results by input index, in order: ``put(i, x)`` then ``release()`` hands back
    every result whose predecessors have all arrived. ``skip(i)`` marks an index that has
    nothing to write (a document already done)."""

    def __init__(self, emit: Callable[[Any], None]) -> None:
        self._emit = emit
        self._waiting: dict[int, Any] = {}
        self._skipped: set[int] = set()
        self.next_index = 0

    def put(self, index: int, item: Any) -> None:
        self._waiting[index] = item
        self._release()

    def skip(self, index: int) -> None:
        self._skipped.add(index)
        self._release()

    def _release(self) -> None:
        while True:
            if self.next_index in self._waiting:
                self._emit(self._waiting.pop(self.next_index))
            elif self.next_index in self._skipped:
                self._skipped.discard(self.next_index)
            else:
                return
            self.next_index += 1

    @property
    def waiting(self) -> int:
        return len(self._waiting)


def sort_in_input_order(out: Path, order: Iterable[str]) -> bool:
    """Rewrite ``out`` with its lines in the order of ``order`` (doc ids); lines of other
    doc ids keep their place after them. Atomic: a temporary file replaces ``out``.
    Returns whether anything moved."""
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    with out.open("rb") as fh:
        lines = fh.readlines()
    keyed = []
    for position, raw in enumerate(lines):
        try:
            doc_id = json.loads(raw).get("doc_id")
        except (json.JSONDecodeError, AttributeError):
            doc_id = None
        keyed.append((rank.get(doc_id, len(rank) + position), position, raw))
    ordered = sorted(keyed)
    if [p for _, p, _ in ordered] == list(range(len(lines))):
        return False
    tmp = out.with_name(f".{out.name}.sorting")
    with tmp.open("wb") as fh:
        for _, _, raw in ordered:
            fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return True

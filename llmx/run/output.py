"""The run's output: append-only JSONL, resumable, in input order, never half-written.

Each finished document is one whole line, sent with a single ``write(2)`` on an
``O_APPEND`` descriptor, so a run killed at any moment (kill -9 included) leaves whole
lines and at most one torn last line. OUT must be a regular file: it is the resumable
record of the run, read back by the next run (a pipe, ``/dev/stdout`` or ``/dev/full``
is refused before anything runs).

Resume. Re-running the same command skips documents already in the output under the
same config hash; an output holding records of another configuration is refused rather
than mixed. An advisory lock stops two runs appending to one file. The scan reads the
whole file and never stops at a bad line: a line that is not a whole JSON report (a
torn last line, a middle line cut short, bytes cut inside a character, anything
without a ``doc_id``) is *set aside*, never deleted: appended raw to ``OUT.damaged.txt``
and removed from OUT, so its document is extracted again when it is among the inputs.
The repair rewrites OUT from the first damaged line through the locked descriptor (an
``os.replace`` would leave the lock on an unlinked file): the lines to keep go to a
temporary file, fsynced, then renamed ``.OUT.repair.ready`` (complete), then OUT is cut
at the first damaged line and the kept lines copied back. A run killed after that rename
is finished by the next run before it reads OUT; one killed before it leaves OUT as it
was (the damaged lines may then be set aside twice, never lost).

Lines are written in input order: a finished document waits in a small reorder buffer
until every document before it is written, failed or skipped, so two runs of the same
input give the same file. A resumed run appends after the lines already there; it then
rewrites the file in input order once at the end (atomically, through a temporary file).

Failures go to ``OUT.errors.jsonl`` (doc_id, source, stage, error_type, message), in input
order too. It describes the latest run that had failures: it is created, replacing the
previous run's, only when this run writes its first failure (so a run interrupted or
killed before any failure leaves no empty file and the previous list as it was), and a
run that finishes with none removes it. A resume does not need it: failed documents are
not in OUT, so the next run extracts them again.

Writing any of these files is checked: a directory that cannot be created or written, a
read-only OUT, OUT that is a directory, a full disk, raise ``RunError`` with one line that
names the file and the fix (``OutputWriteError`` during a run, which the runner turns into
a stopped run that keeps what was written).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmx.core.document import content_digest
from llmx.errors import RunError

#: damaged lines described one by one before the rest are only counted
DAMAGED_SHOWN = 5

_REPAIR_HEADER = b"llmx-repair-from "
_COPY_BYTES = 1 << 20
_DOC_ID_AT_START = re.compile(rb'^\s*\{\s*"doc_id"\s*:\s*"((?:[^"\\\r\n]|\\.){1,300})"')


class OutputWriteError(RunError):
    """Writing a line to OUT or its errors file failed mid-run (a full disk, an I/O error):
    the run stops, keeping what was written."""


def errors_path_for(out: Path) -> Path:
    """``OUT.jsonl`` -> ``OUT.errors.jsonl``."""
    return out.with_name(f"{_base_name(out)}.errors.jsonl")


def damaged_path_for(out: Path) -> Path:
    """``OUT.jsonl`` -> ``OUT.damaged.txt``: where damaged lines of OUT are set aside."""
    return out.with_name(f"{_base_name(out)}.damaged.txt")


def _base_name(out: Path) -> str:
    return out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name


def _repair_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.repair")


def _ready_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.repair.ready")


@dataclass(frozen=True)
class DamagedLine:
    """A line of OUT that is not a whole JSON report: where, why, and whose it seems to be."""

    number: int
    reason: str
    doc_id: str | None


@dataclass
class OutputState:
    """What an existing output holds: done doc ids by config hash (with the sources their
    records name), and the lines that are damaged."""

    done: set[str] = field(default_factory=set)
    sources: dict[str, list[str | None]] = field(default_factory=dict)
    digests: dict[str, set[str]] = field(default_factory=dict)  # doc_id -> its records' meta.source_digest
    other_configs: Counter[str] = field(default_factory=Counter)
    lines: int = 0
    damaged: int = 0
    damaged_lines: list[DamagedLine] = field(default_factory=list)  # the first DAMAGED_SHOWN
    first_damaged_at: int | None = None  # byte offset of the first damaged line
    unterminated: bool = False  # the last line is a whole report without its newline
    torn: bool = False  # the last line was cut mid-write (it is among the damaged)


def _parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(the report, None) for a whole report line; (None, why) for a damaged one;
    (None, None) for a blank line, which is kept and ignored."""
    if not raw.strip():
        return None, None
    whole = raw.endswith(b"\n")
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        return None, "not UTF-8: cut inside a character?"
    except (ValueError, RecursionError):
        return None, "cut short" if whole else "cut short at the end: a run killed mid-write"
    if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
        return None, "not a report: no doc_id"
    return record, None


def _doc_id_of(raw: bytes) -> str | None:
    """The doc_id a damaged line starts with, when it is readable (reports begin with it)."""
    found = _DOC_ID_AT_START.match(raw)
    if found is None:
        return None
    try:
        doc_id = json.loads(b'"' + found.group(1) + b'"')
    except ValueError:
        return None
    return doc_id if isinstance(doc_id, str) else None


def scan_output(out: Path, config_hash: str) -> OutputState:
    """Read the whole of ``out``, line by line, streaming; a damaged line is counted, never
    a reason to stop (``repair_output`` sets it aside)."""
    state = OutputState()
    if not out.exists():
        return state
    require_regular_file(out)
    offset = 0
    with out.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            record, reason = _parse_line(raw)
            whole = raw.endswith(b"\n")
            if reason is not None:
                state.damaged += 1
                if state.first_damaged_at is None:
                    state.first_damaged_at = offset
                if len(state.damaged_lines) < DAMAGED_SHOWN:
                    state.damaged_lines.append(DamagedLine(number, reason, _doc_id_of(raw)))
                state.torn = not whole
            elif record is not None:
                state.lines += 1
                state.unterminated = not whole
                meta = record.get("meta") or {}
                record_hash = meta.get("config_hash")
                if record_hash == config_hash:
                    doc_id = record["doc_id"]
                    state.done.add(doc_id)
                    source = meta.get("source")
                    state.sources.setdefault(doc_id, []).append(source if isinstance(source, str) else None)
                    digest = meta.get("source_digest")
                    if isinstance(digest, str):
                        state.digests.setdefault(doc_id, set()).add(digest)
                else:
                    state.other_configs[str(record_hash)] += 1
            offset += len(raw)
    return state


def check_resumable(out: Path, state: OutputState, config_hash: str) -> None:
    """Refuse to mix configurations in one output (before anything is written)."""
    if state.other_configs:
        found = ", ".join(f"{n} with config {h}" for h, n in state.other_configs.most_common(3))
        raise RunError(
            f"{out}: holds records made with another configuration ({found}; this run's config is "
            f"{config_hash}). Use --overwrite to replace them, or write to another -o."
        )


def damaged_messages(out: Path, state: OutputState) -> list[str]:
    """One line per damaged line set aside (the first few), then a count of the rest."""
    aside = damaged_path_for(out)
    messages = []
    for line in state.damaged_lines:
        whose = (f"document {json.dumps(line.doc_id, ensure_ascii=False)} is extracted again if it is among "
                 "the inputs" if line.doc_id is not None else "no doc_id could be read from it")
        messages.append(f"{out}: line {line.number} is damaged ({line.reason}); set aside in {aside}; {whose}")
    if state.damaged > len(state.damaged_lines):
        messages.append(f"{out}: {state.damaged - len(state.damaged_lines)} more damaged lines set aside in {aside}; "
                        "their documents are extracted again if they are among the inputs")
    return messages


def discard_interrupted_repair(out: Path) -> None:
    """With ``--overwrite``: OUT starts afresh, so a repair left by a killed run is moot."""
    for leftover in (_repair_path(out), _ready_path(out)):
        leftover.unlink(missing_ok=True)


def finish_interrupted_repair(writer: JsonlWriter) -> bool:
    """Finish a repair a killed run completed on disk but had not copied back (its
    ``.ready`` file); drop one it had not completed (OUT was not touched yet).
    Call with OUT locked, before scanning it. Returns whether there was one to finish."""
    out = writer.path
    _repair_path(out).unlink(missing_ok=True)
    ready = _ready_path(out)
    if not ready.exists():
        return False
    _apply_repair(writer, ready)
    return True


def repair_output(writer: JsonlWriter, state: OutputState) -> None:
    """Set OUT's damaged lines aside in ``OUT.damaged.txt`` and remove them from OUT; end an
    unterminated last line. ``writer`` holds OUT's lock. Streams: OUT may be large."""
    out = writer.path
    if state.first_damaged_at is None:
        if state.unterminated:
            writer.write_bytes(b"\n")
        return
    tmp, aside = _repair_path(out), damaged_path_for(out)
    try:
        with out.open("rb") as src, tmp.open("wb") as keep, aside.open("ab") as damaged:
            keep.write(_REPAIR_HEADER + str(state.first_damaged_at).encode() + b"\n")
            src.seek(state.first_damaged_at)
            for raw in src:
                line = raw if raw.endswith(b"\n") else raw + b"\n"
                _, reason = _parse_line(raw)
                (keep if reason is None else damaged).write(line)
            for fh in (keep, damaged):
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, _ready_path(out))  # complete: from here a killed run is finished by the next
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise RunError(_problem(out, err, f"set its damaged lines aside in {aside.name}")) from None
    _apply_repair(writer, _ready_path(out))


def _apply_repair(writer: JsonlWriter, ready: Path) -> None:
    """Cut OUT where the repair began and copy the kept lines back, through the locked descriptor."""
    with ready.open("rb") as fh:
        header = fh.readline()
        if not header.startswith(_REPAIR_HEADER) or not header[len(_REPAIR_HEADER):].strip().isdigit():
            raise RunError(f"{ready}: not a repair file llmx wrote; move it away and re-run")
        offset = int(header[len(_REPAIR_HEADER):])
        if writer.size() < offset:
            raise RunError(f"{ready}: a repair of {writer.path} was interrupted, but the file has changed "
                           "since; move the repair file away (it holds the good lines after byte "
                           f"{offset}) and re-run")
        writer.truncate_to(offset)
        while chunk := fh.read(_COPY_BYTES):
            writer.write_bytes(chunk)
        writer.fsync()
    ready.unlink()


def require_regular_file(path: Path) -> None:
    """Refuse an OUT that is not a regular file (a pipe, a terminal, ``/dev/full``)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # opening it reports what is wrong with the path
    except OSError as err:
        raise RunError(_problem(path, err, "read it")) from None
    if stat.S_ISDIR(mode):
        raise RunError(_problem(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)), "write it"))
    if not stat.S_ISREG(mode):
        raise RunError(_not_regular(path, mode))


def require_writable_file(path: Path) -> None:
    """A file the run may write later (errors, damaged lines): refuse now what would stop it then."""
    require_regular_file(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise RunError(_problem(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)), "write it"))


def require_writable_directory(out: Path) -> None:
    """OUT's directory must take new files (the errors file, a repair, the sort's temporary
    file): refuse before the run rather than stop in the middle of it."""
    directory = out.parent if str(out.parent) else Path(".")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise RunError(f"{directory}: permission denied, llmx cannot create files beside {out.name} (its errors "
                       "file, repairs); make that directory writable or choose another -o")


def _not_regular(path: Path, mode: int) -> str:
    kind = ("a pipe" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a block device" if stat.S_ISBLK(mode) else "not a file")
    return (f"{path} is {kind}: OUT must be a regular file, as it is the resumable record of the run; "
            "use -o out.jsonl, then `cat out.jsonl` or `llmx export`")


def _problem(path: Path, err: OSError, doing: str) -> str:
    """One line naming ``path``, what went wrong, and what to do."""
    code = err.errno
    if code == errno.EISDIR:
        return f"{path} is a directory: -o must name a file, e.g. -o {path / 'out.jsonl'}"
    if code in (errno.EACCES, errno.EPERM):
        if path.exists():
            return f"{path}: permission denied, cannot {doing}; make it writable or choose another -o"
        return (f"{path}: permission denied, cannot create it in {path.parent}; make that directory writable "
                "or choose another -o")
    if code == errno.EROFS:
        return f"{path}: the file system is read-only, cannot {doing}; choose another -o"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (f"{path}: no space left on the device (or quota), cannot {doing}; free some space, "
                "then re-run the same command to resume")
    if code == errno.EFBIG:
        return (f"{path}: file too large for this file system or the process's file size limit, cannot "
                f"{doing}; choose another -o")
    if code == errno.EEXIST:
        return f"{path} exists and is not a directory, cannot {doing}; choose another -o"
    if code in (errno.ENOTDIR, errno.ENOENT):
        return f"{path}: cannot {doing}: a part of the path is missing or is not a directory; choose another -o"
    return f"{path}: cannot {doing}: {err.strerror or err}; check the path or choose another -o"


class JsonlWriter:
    """Appends whole lines to a file, one ``write(2)`` per line on an ``O_APPEND`` descriptor.

    With ``lock`` it takes an exclusive advisory lock (released by the kernel when the
    process dies, so a killed run leaves no stale lock) and raises RunError when another
    run holds it. With ``lazy`` the file is opened (and created, or truncated with
    ``truncate``) only by the first write, so a run with nothing to write leaves no file.
    Opening refuses anything but a regular file; failures raise RunError naming the file,
    and a failed write ``OutputWriteError``, after cutting off what it wrote of the line.
    """

    def __init__(self, path: Path, *, truncate: bool, lock: bool = False, lazy: bool = False) -> None:
        self.path = path
        self._truncate = truncate
        self._lock_file = lock
        self._fd = -1
        self._lock = threading.Lock()
        self.was_opened = False  # for a lazy writer: whether anything was written
        if not lazy:
            self._open()

    def _open(self) -> None:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise RunError(_problem(Path(err.filename or path.parent), err, "create the directory")) from None
        require_regular_file(path)  # before open: opening a pipe with no reader would wait for one
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as err:
            if err.errno == errno.ENXIO:  # a FIFO with no reader, swapped in after the check
                raise RunError(_not_regular(path, stat.S_IFIFO)) from None
            raise RunError(_problem(path, err, "open it for writing")) from None
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise RunError(_not_regular(path, mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        if self._lock_file:
            try:
                _lock_exclusive(fd)
            except BlockingIOError:
                os.close(fd)
                raise RunError(
                    f"{path}: another llmx run is writing this file; wait for it or use another -o"
                ) from None
        if self._truncate:
            try:
                os.ftruncate(fd, 0)
            except OSError as err:
                os.close(fd)
                raise RunError(_problem(path, err, "empty it")) from None
        self._fd = fd
        self.was_opened = True

    def size(self) -> int:
        return os.fstat(self._fd).st_size

    def truncate_to(self, size: int) -> None:
        try:
            os.ftruncate(self._fd, size)
        except OSError as err:
            raise RunError(_problem(self.path, err, "shorten it")) from None

    def fsync(self) -> None:
        try:
            os.fsync(self._fd)
        except OSError as err:
            raise OutputWriteError(_problem(self.path, err, "write to it")) from None

    def write_bytes(self, data: bytes) -> None:
        """Append ``data`` whole; on a failed write, cut off the part written and raise."""
        with self._lock:
            if self._fd < 0:
                if self.was_opened:
                    raise ValueError(f"{self.path}: written after close")
                try:
                    self._open()
                except RunError as err:  # a lazy file, opened by its first line mid-run
                    raise OutputWriteError(str(err)) from None
            view = memoryview(data)
            written = 0
            try:
                while written < len(data):  # a regular file takes it in one write; the loop is for a short one
                    written += self._write_some(view[written:])
            except OSError as err:
                if written:
                    with contextlib.suppress(OSError):  # else the next run sets the torn line aside
                        os.ftruncate(self._fd, os.fstat(self._fd).st_size - written)
                raise OutputWriteError(_problem(self.path, err, "write to it")) from None

    def _write_some(self, data: memoryview) -> int:
        return os.write(self._fd, data)

    def write_line(self, line: str) -> None:
        self.write_bytes((line.rstrip("\n") + "\n").encode("utf-8"))

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
    Returns whether anything moved; raises RunError when the rewrite fails (``out`` unchanged).

    Only each line's place and length are held, never the lines: an output of hundreds of
    thousands of records is sorted in the memory of a few numbers per line."""
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    keyed: list[tuple[int, int, int, int]] = []  # (rank, position, offset, length)
    offset = 0
    with out.open("rb") as fh:
        for position, raw in enumerate(fh):
            try:
                doc_id = json.loads(raw).get("doc_id")
            except (ValueError, AttributeError):
                doc_id = None
            keyed.append((rank.get(doc_id, len(rank) + position), position, offset, len(raw)))
            offset += len(raw)
    keyed.sort()
    if all(entry[1] == i for i, entry in enumerate(keyed)):
        return False
    tmp = out.with_name(f".{out.name}.sorting")
    try:
        with out.open("rb") as src, tmp.open("wb") as fh:
            for _, _, start, length in keyed:
                src.seek(start)
                fh.write(src.read(length))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise RunError(_problem(out, err, "rewrite it in input order (its lines are whole; a re-run sorts "
                                "them)")) from None
    return True


def _pseudo(source: str) -> bool:
    """A source that names no file: standard input, a caller's text (``<doc_id>``)."""
    return source.startswith("<") and source.endswith(">")


def same_source(recorded: str | None, source: str) -> bool:
    """Whether a record's ``meta.source`` names the input ``source``: the same path once
    normalised, or the same file once resolved (when both exist). A record without a
    source (not written by llmx) matches by doc_id alone; texts without a file match texts."""
    if recorded is None:
        return True
    if _pseudo(recorded) or _pseudo(source):
        return _pseudo(recorded) and _pseudo(source)
    if os.path.normpath(recorded) == os.path.normpath(source):
        return True
    try:
        return Path(recorded).resolve(strict=True) == Path(source).resolve(strict=True)
    except (OSError, RuntimeError):
        return False


def file_digest(source: str) -> str | None:
    """``content_digest`` of the file ``source`` names; None for a pseudo source or an unreadable file."""
    if _pseudo(source):
        return None
    try:
        return content_digest(Path(source).read_bytes())
    except OSError:
        return None


def suffixed_doc_id(stem: str, source: str) -> str:
    """``stem-<8 hex>`` from the normalised source path: the same input gets the same id in
    every run, so a resume finds its record."""
    digest = hashlib.sha1(os.path.normpath(source).encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return f"{stem}-{digest.hexdigest()[:8]}"


def stdin_doc_id(text: str | bytes) -> str:
    """``stdin-<12 hex>`` of what was piped: a different piped document is never taken for one done."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return f"stdin-{hashlib.sha256(data).hexdigest()[:12]}"


class DocIds:
    """Gives each input of a run its doc_id, and says whether OUT already holds its record.

    A record counts as an input's only when its doc_id matches and it names the same input:
    its ``meta.source`` is the same file (``same_source``), or, when the paths differ (a
    resume from another directory, a moved folder), its ``meta.source_digest`` is the
    digest of the input's bytes. A second ``report.txt`` from another folder is not
    "already done". An input whose stem is taken, by an earlier input of this run or by
    another file's record in OUT, gets ``suffixed_doc_id``.
    """

    def __init__(self, state: OutputState) -> None:
        self._recorded = state.sources
        self._digests = state.digests
        self._file_digests: dict[str, str | None] = {}  # source -> its bytes' digest, each file read once
        self._taken: dict[str, str] = {}  # doc_id -> the source of this run's input that has it

    def _ours(self, doc_id: str, source: str) -> bool:
        """Whether OUT's records under ``doc_id`` are this input's."""
        if any(same_source(r, source) for r in self._recorded.get(doc_id, ())):
            return True
        digests = self._digests.get(doc_id)
        if digests is None:
            return False
        if source not in self._file_digests:  # read only when the paths differ, and once
            self._file_digests[source] = file_digest(source)
        return self._file_digests[source] in digests

    def _holder(self, doc_id: str, source: str) -> str | None:
        """Another source holding ``doc_id`` (in this run or in OUT); None when it is free or ours."""
        if doc_id in self._taken:
            return self._taken[doc_id]
        recorded = self._recorded.get(doc_id)
        if recorded and not self._ours(doc_id, source):
            return next((r for r in recorded if r is not None), "a record in the output")
        return None

    def assign(self, stem: str, source: str) -> tuple[str | None, str | None]:
        """(doc_id, the source that already had ``stem`` when the id had to change); the
        doc_id is None when even the suffixed id is taken."""
        holder = self._holder(stem, source)
        doc_id = stem
        if holder is not None:
            doc_id = suffixed_doc_id(stem, source)
            if self._holder(doc_id, source) is not None:
                return None, holder
        self._taken[doc_id] = source
        return doc_id, holder

    def done(self, doc_id: str, source: str) -> bool:
        return doc_id in self._recorded and self._ours(doc_id, source)

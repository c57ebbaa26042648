"""Progress on long runs: a live bar on a terminal, plain periodic lines otherwise.

The batch runner only calls ``progress(summary)`` and ``message(kind, text)``; how they
are shown is decided here. Rates and the ETA count only documents processed in this
run, so a resumed run that skips thousands of done documents does not promise an ETA of
zero.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from llmx.run.engine import RunSummary

LOG_EVERY_S = 10.0

# control characters (C0, DEL, C1) and bidirectional overrides: shown escaped, never sent raw,
# so a file name cannot forge a line, move the cursor or recolour the terminal
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe for a terminal line: control characters become escapes (``\\n``, ``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _human(n: float) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(int(n))


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def status_line(summary: RunSummary, total: int, elapsed: float) -> str:
    """docs/s, tokens, cache hits, retries, failures and ETA, in one line."""
    rate = summary.processed / elapsed if elapsed > 0 else 0.0
    remaining = max(total - summary.processed - summary.skipped, 0)
    eta = "0s" if remaining == 0 else _duration(remaining / rate) if rate > 0 else "?"
    usage = summary.usage
    return (
        f"{rate:.1f} docs/s  tokens {_human(usage.total_tokens)}  cache {usage.cache_hits}  "
        f"retries {usage.transport_retries}+{usage.reasks}  failed {summary.failed}  ETA {eta}"
    )


class Reporter:
    """What the batch runner reports to; prints through ``console`` (stderr in the CLI)."""

    def __init__(self, total: int, console: Console, progress: Progress | None = None) -> None:
        self.total = total
        self.console = console
        self._progress = progress
        self._task = progress.add_task("extract", total=total, status="") if progress is not None else None
        self._started = time.perf_counter()
        self._last_log = self._started
        self.last: RunSummary | None = None  # the latest counts, for a message after Ctrl-C

    def progress(self, summary: RunSummary) -> None:
        self.last = summary
        now = time.perf_counter()
        done = summary.processed + summary.skipped
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, status=status_line(summary, self.total,
                                                                                 now - self._started))
            return
        if now - self._last_log >= LOG_EVERY_S or done == self.total:
            self._last_log = now
            self.console.print(
                f"llmx: {done}/{self.total} documents  {status_line(summary, self.total, now - self._started)}",
                highlight=False, markup=False, soft_wrap=True,
            )

    def message(self, kind: str, text: str) -> None:
        """One line per failed document or input note, above the bar when there is one."""
        style = {"failed": "yellow", "note": "dim"}.get(kind, "")
        label = "failed" if kind == "failed" else "note"
        self.console.print(f"{label}: {printable(text)}", style=style, highlight=False, markup=False,
                           soft_wrap=True)


@contextmanager
def progress_reporter(total: int, console: Console) -> Iterator[Reporter]:
    if not console.is_terminal:
        yield Reporter(total, console)
        return
    progress = Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(), console=console, transient=False,
    )
    with progress:
        yield Reporter(total, console, progress)

"""What one document's extraction produced (``Outcome``), and what a run added up to
(``RunSummary``). Outcomes are plain picklable data: they cross from worker processes
and Ray actors to the one process that writes the output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llmx.core.meta import GroundingStats, Usage

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2


@dataclass
class Outcome:
    """One document, finished: its output line, or its errors-file record."""

    index: int
    doc_id: str
    source: str
    line: str | None = None
    error: dict[str, str] | None = None
    records: dict[str, int] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)
    grounding: GroundingStats = field(default_factory=GroundingStats)
    figures: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # checked, stated, derived, unstated, nulled
    notes: list[tuple[str, str]] = field(default_factory=list)
    partial: bool = False  # written without some chunks (``keep_partial``)

    @property
    def ok(self) -> bool:
        return self.line is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe fields, for engines whose workers hand results over as table rows (Ray Data)."""
        return {
            "index": self.index, "doc_id": self.doc_id, "source": self.source, "line": self.line,
            "error": self.error, "records": self.records, "usage": self.usage.as_dict(),
            "grounding": self.grounding.as_dict(), "figures": list(self.figures),
            "notes": [list(note) for note in self.notes], "partial": self.partial,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        """The Outcome ``as_dict`` wrote."""
        checked, stated, derived, unstated, nulled = data["figures"]
        return cls(
            index=data["index"], doc_id=data["doc_id"], source=data["source"], line=data["line"],
            error=data["error"], records=data["records"], usage=Usage(**data["usage"]),
            grounding=GroundingStats(**data["grounding"]), figures=(checked, stated, derived, unstated, nulled),
            notes=[(kind, text) for kind, text in data["notes"]], partial=bool(data.get("partial")),
        )


#: where an engine hands each finished document
Deliver = Callable[[Outcome], None]


@dataclass
class RunSummary:
    total: int = 0
    succeeded: int = 0
    partial: int = 0  # succeeded, but written without some chunks (``--keep-partial``)
    skipped: int = 0
    failed: int = 0
    records: Counter[str] = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)
    grounding: GroundingStats = field(default_factory=GroundingStats)
    figures_checked: int = 0
    figures_verified: int = 0  # stated or derived
    figures_nulled: int = 0
    wall_seconds: float = 0.0
    failures_by_stage: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    rate_limit: dict[str, Any] = field(default_factory=dict)
    engine: str = "local"
    workers: int = 1
    torn_line_repaired: bool = False
    damaged_lines: int = 0  # lines of OUT that were not whole reports, set aside in OUT.damaged.txt
    reordered: bool = False
    interrupted: bool = False
    stopped: str | None = None  # why the run ended early (server unreachable, key refused, output unwritable)
    unwritten: int = 0  # documents finished but not written when it stopped

    @property
    def processed(self) -> int:
        """Documents finished in this run, either way (skipped ones excluded)."""
        return self.succeeded + self.failed

    @property
    def not_attempted(self) -> int:
        """Documents the run never got to (it stopped early): a resume does them."""
        return max(self.total - self.processed - self.skipped, 0)

    @property
    def exit_code(self) -> int:
        if self.stopped is not None:
            return EXIT_FAILED
        if self.failed == 0:
            return EXIT_PARTIAL if self.partial else EXIT_OK
        return EXIT_PARTIAL if self.succeeded + self.skipped > 0 else EXIT_FAILED

    def add(self, outcome: Outcome) -> None:
        """Count a finished document."""
        self.usage.merge(outcome.usage)  # a failed document's retries still count
        if outcome.ok:
            self.succeeded += 1
            self.partial += outcome.partial
            self.records.update(outcome.records)
            self.grounding.merge(outcome.grounding)
            checked, stated, derived, _, nulled = outcome.figures
            self.figures_checked += checked
            self.figures_verified += stated + derived
            self.figures_nulled += nulled
        else:
            self.failed += 1
            self.failures_by_stage[(outcome.error or {}).get("stage", "internal")] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.total,
            "succeeded": self.succeeded,
            "partial": self.partial,
            "skipped_already_done": self.skipped,
            "failed": self.failed,
            "failures_by_stage": dict(self.failures_by_stage),
            "records": dict(self.records),
            "usage": self.usage.as_dict(),
            "retries": {"transport": self.usage.transport_retries, "reasks": self.usage.reasks},
            "rate_limit": self.rate_limit,
            "input_notes": dict(self.notes),
            "grounded_share": round(self.grounding.grounded_share, 4) if self.grounding.quotes else None,
            "verified_figures_share": (
                round(self.figures_verified / self.figures_checked, 4) if self.figures_checked else None
            ),
            "figures_nulled": self.figures_nulled,
            "damaged_lines_set_aside": self.damaged_lines,
            "stopped": self.stopped,
            "unwritten": self.unwritten,
            "engine": self.engine,
            "workers": self.workers,
            "wall_seconds": round(self.wall_seconds, 3),
            "docs_per_second": round(self.processed / self.wall_seconds, 2)
            if self.wall_seconds and self.succeeded else None,
            "not_attempted": self.not_attempted,
            "exit_code": self.exit_code,
        }

"""The typed ``meta`` of a Report: what produced it, what it cost, and what llmx checked.

SPEC fixes the record's fields; everything llmx knows about how a record came to be sits
under this one key, so the SPEC field names stay untouched. Unknown keys are kept
(``extra="allow"``): outputs written by other versions still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from llmx.counters import Counters

FigureStatus = Literal["stated", "derived", "unstated"]


class _Meta(BaseModel):
    model_config = ConfigDict(extra="allow")


class ChunkError(_Meta):
    """A chunk whose answer could not be used at all (its document's other chunks were)."""

    chunk: int
    stage: str
    message: str


class Repair(_Meta):
    """One deterministic fix applied to a model's answer before validation.

    ``path`` locates the value in the answer as the model sent it (``metrics[2].unit``),
    ``rule`` names the repair, ``before``/``after`` are the values.
    """

    chunk: int = 0
    path: str
    rule: str
    before: Any = None
    after: Any = None


class InvalidItem(_Meta):
    """An item of a model's answer that neither repair nor re-ask made valid; it was left out."""

    chunk: int = 0
    path: str
    field: str
    reason: str


class MergeConflict(_Meta):
    """Two chunks gave one merged item different values for a field: the first chunk's
    value was kept (``kept``) and the other is recorded here, not lost (``other``, from
    chunk ``chunk``). ``record`` locates the merged item in the Report (``villages[0]``)."""

    record: str
    field: str
    kept: Any = None
    other: Any = None
    chunk: int = 0


#: Where a record stands in a Report, as meta writes it: 'villages[0]'.
_RECORD_AT = re.compile(r"([a-z]+)\[(\d+)\]")


def record_at(record: str) -> tuple[str, int] | None:
    """(list, index) of a record meta names as 'villages[0]' (``MergeConflict.record``,
    ``ungrounded_items``), or None for anything else."""
    found = _RECORD_AT.fullmatch(record)
    return (found[1], int(found[2])) if found else None


class Figures(_Meta):
    """Per record and number field: does the record's own evidence state the figure?

    ``teams``/``villages``/``measures``/``metrics`` are aligned with the Report's lists:
    entry *i* maps each non-null number field of item *i* (``households``,
    ``quantities[0].value`` ...) to ``stated``, ``derived`` (a stated approximation,
    range bound, relative year or Chinese numeral) or ``unstated``.
    """

    teams: list[dict[str, FigureStatus]] = Field(default_factory=list)
    villages: list[dict[str, FigureStatus]] = Field(default_factory=list)
    measures: list[dict[str, FigureStatus]] = Field(default_factory=list)
    metrics: list[dict[str, FigureStatus]] = Field(default_factory=list)
    checked: int = 0
    stated: int = 0
    derived: int = 0
    unstated: int = 0
    nulled: int = 0  # unstated figures set to null (or items dropped) by --strict-grounding

    @property
    def verified_share(self) -> float:
        """Share of checked figures that their evidence states or derives; 1.0 when none."""
        return (self.stated + self.derived) / self.checked if self.checked else 1.0


@dataclass
class Usage(Counters):
    """What extraction cost, per document (or, summed, per run); filled by the backends."""

    calls: int = 0  # requests sent to a model server (each retry and re-ask counts)
    cache_hits: int = 0  # chunks answered from the cache, no request sent
    cache_ignored: int = 0  # cache entries that were not a valid answer (damaged, planted): asked again
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens the provider served from its prompt cache
    transport_retries: int = 0  # retries after 429/5xx/timeouts/connection errors
    reasks: int = 0  # follow-up requests for items no repair could fix
    reask_tokens: int = 0  # prompt + completion tokens those follow-ups cost
    repairs: int = 0  # deterministic fixes applied to model answers
    invalid_items: int = 0  # items left out because neither repair nor re-ask made them valid
    chunks: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class GroundingStats(Counters):
    """Where evidence quotes were found, per chunk, document or run."""

    quotes: int = 0
    exact: int = 0
    normalised: int = 0
    fuzzy: int = 0
    none: int = 0
    items: int = 0
    items_ungrounded: int = 0
    dropped_items: int = 0  # items without any quote found, dropped by --strict-grounding

    @property
    def grounded_share(self) -> float:
        """Share of quotes found exactly or after normalisation (SPEC 5); 1.0 with no quotes."""
        return (self.exact + self.normalised) / self.quotes if self.quotes else 1.0

    @property
    def found_share(self) -> float:
        """Share of quotes found at any level, fuzzy included."""
        return (self.exact + self.normalised + self.fuzzy) / self.quotes if self.quotes else 1.0


class RunMeta(_Meta):
    """Run metadata of one Report (``Report.meta``)."""

    llmx_version: str | None = None
    backend: str | None = None
    rules_version: str | None = None
    server_kind: str | None = None
    base_url: str | None = None
    model: str | None = None
    mode: str | None = None
    prompt: str | None = None
    config_hash: str | None = None
    source: str | None = None
    source_digest: str | None = None
    encoding: str | None = None
    chunks: int = 0
    chunk_errors: list[ChunkError] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    grounding: GroundingStats = Field(default_factory=GroundingStats)
    ungrounded_items: list[str] = Field(default_factory=list)
    figures: Figures = Field(default_factory=Figures)
    repairs: list[Repair] = Field(default_factory=list)
    invalid_items: list[InvalidItem] = Field(default_factory=list)
    merge_conflicts: list[MergeConflict] = Field(default_factory=list)

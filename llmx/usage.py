"""The usage ledger: what extraction cost, per document and per run.

One mutable ledger per document is filled by the backend (tokens, calls, retries, cache
hits); the run sums them. Kept apart from the backends so the batch runner and the CLI
summary read one type whatever backend ran.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields


@dataclass(slots=True)
class Usage:
    """Counters for one document (or, summed, for a run)."""

    calls: int = 0  # requests sent to a model server (each retry and re-ask counts)
    cache_hits: int = 0  # chunks answered from the cache, no request sent
    prompt_tokens: int = 0
    completion_tokens: int = 0
    transport_retries: int = 0  # tenacity retries after 429/5xx/timeouts/connection errors
    validation_retries: int = 0  # instructor re-asks after output failed validation
    chunks: int = 0
    wall_seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: float) -> None:
        """Add to counters by name; safe from several threads."""
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def merge(self, other: Usage) -> None:
        self.add(**other.as_dict())

    def as_dict(self) -> dict[str, float]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}
        data["wall_seconds"] = round(float(data["wall_seconds"]), 3)
        return data

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens



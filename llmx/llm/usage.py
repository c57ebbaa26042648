"""The usage ledger: what extraction cost, per document and per run.

One mutable ledger per document is filled by the backend (tokens, calls, retries, cache
hits); the run sums them. Kept apart from the backends so the batch runner and the CLI
summary read one type whatever backend ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from llmx.counters import Counters


@dataclass
class Usage(Counters):
    """Counters for one document (or, summed, for a run)."""

    calls: int = 0  # requests sent to a model server (each retry and re-ask counts)
    cache_hits: int = 0  # chunks answered from the cache, no request sent
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens the provider reports as served from its prompt cache
    transport_retries: int = 0  # retries after 429/5xx/timeouts/connection errors
    reasks: int = 0  # follow-up requests for items no repair could fix
    reask_tokens: int = 0  # prompt + completion tokens those follow-ups cost
    repairs: int = 0  # deterministic fixes applied to model answers
    invalid_items: int = 0  # items dropped because neither repair nor re-ask made them valid
    chunks: int = 0
    wall_seconds: float = 0.0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def derived(self) -> dict[str, Any]:
        return {"wall_seconds": round(float(self.wall_seconds), 3)}

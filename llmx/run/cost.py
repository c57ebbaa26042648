"""What a run will cost, before it runs: documents, chunks, requests and tokens, and
the price at given per-million-token rates (``llmx extract --dry-run``, ``llmx batch prepare``).

Prompt tokens are counted from the requests exactly as they would be sent (instructions,
schema, title, chunk), with the estimator chunks are budgeted by. Completion tokens can
only be guessed: a full answer quotes much of its chunk, so the guess is
``COMPLETION_RATIO`` × the chunk's tokens, capped at ``--max-output-tokens``. Chunks the
response cache already answers cost nothing and are counted apart. Re-asks are not
foreseen: the run's summary reports what they actually cost.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmx.core.chunking import estimate_tokens
from llmx.errors import InputError
from llmx.pipeline import Extractor
from llmx.run.work import Task, load_task

#: completion tokens guessed per chunk token (see the module docstring)
COMPLETION_RATIO = 0.8
#: what a provider Batch API request costs relative to the same request online (OpenAI: half)
BATCH_PRICE_FACTOR = 0.5


@dataclass
class CostEstimate:
    documents: int = 0
    unreadable: int = 0
    chunks: int = 0
    cached_chunks: int = 0
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def cost(self, price_in: float | None, price_out: float | None) -> float | None:
        """Estimated cost at ``price_in``/``price_out`` per million prompt/completion tokens."""
        if price_in is None and price_out is None:
            return None
        return (self.prompt_tokens * (price_in or 0.0) + self.completion_tokens * (price_out or 0.0)) / 1e6

    def add_request(self, body: dict[str, Any], chunk_text: str, cap: int) -> None:
        """Count one request to be sent: its body as sent, and a guess at its answer."""
        self.requests += 1
        self.prompt_tokens += estimate_tokens(json.dumps(body, ensure_ascii=False))
        guess = math.ceil(COMPLETION_RATIO * estimate_tokens(chunk_text))
        self.completion_tokens += min(guess, cap) if cap else guess

    def lines(self, price_in: float | None = None, price_out: float | None = None, *,
              batch: bool = False) -> list[str]:
        """The estimate as the CLI prints it; ``batch`` adds the provider Batch API's price."""
        rows = [
            f"documents: {self.documents}" + (f" ({self.unreadable} unreadable)" if self.unreadable else ""),
            f"chunks: {self.chunks} ({self.cached_chunks} already in the cache)",
            f"requests: {self.requests} (before any re-ask or retry)",
            f"prompt tokens: ~{self.prompt_tokens:,}",
            f"completion tokens: ~{self.completion_tokens:,} (guessed: {COMPLETION_RATIO} x chunk tokens)",
        ]
        cost = self.cost(price_in, price_out)
        if cost is not None:
            rows.append(f"estimated cost: {cost:,.4f} (at {price_in or 0}/{price_out or 0} per million tokens in/out)")
            if batch:
                rows.append(f"through OpenAI's Batch API: ~{cost * BATCH_PRICE_FACTOR:,.4f} "
                            f"(batch requests cost {BATCH_PRICE_FACTOR:g} x the online price)")
        return rows


def estimate_run(extractor: Extractor, tasks: Iterable[Task]) -> CostEstimate:
    """Count what extracting ``tasks`` with ``extractor`` would send (nothing is sent)."""
    estimate = CostEstimate()
    backend = extractor.backend
    request_body = getattr(backend, "request_body", None)
    cap = getattr(getattr(backend, "config", None), "max_output_tokens", 0) or 0
    for task in tasks:
        estimate.documents += 1
        try:
            document, _, _ = load_task(task)
        except InputError:
            estimate.unreadable += 1
            continue
        for request in extractor.requests(document):
            estimate.chunks += 1
            if request_body is None:  # a local backend: no requests, no tokens
                continue
            if extractor.cached_answer(request) is not None:
                estimate.cached_chunks += 1
                continue
            estimate.add_request(request_body(request), request.chunk.text, cap)
    return estimate


def tasks_for(paths: Iterable[Path]) -> list[Task]:
    """Tasks for plain paths, in order (no resume, no duplicates check: an estimate)."""
    return [Task(i, str(path), path.stem) for i, path in enumerate(paths)]

"""The one small interface every extraction backend implements.

A backend turns one chunk of a document into a ``ChunkAnswer``: an Extraction (a Report
without the fields llmx owns) and what it took to get it (repairs made to a model's
answer, items that had to be left out). Everything around the call (chunking,
caching, normalisation, grounding, figure checks, merging, writing) is the pipeline's
job, so a new backend is one class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from llmx.core.chunking import Chunk
from llmx.core.document import Document
from llmx.core.meta import InvalidItem, Repair, Usage
from llmx.core.records import Extraction


@dataclass(slots=True)
class ChunkRequest:
    """What a backend gets for one call: the chunk, its document, and a usage ledger to fill."""

    document: Document
    chunk: Chunk
    chunk_count: int = 1
    usage: Usage = field(default_factory=Usage)
    #: the document's title as cleaning found it: context for the chunks after the first
    title: str | None = None


@dataclass(slots=True)
class ChunkAnswer:
    """One chunk's records, with the repairs and left-out items behind them (for ``meta``)."""

    extraction: Extraction
    repairs: list[Repair] = field(default_factory=list)
    invalid_items: list[InvalidItem] = field(default_factory=list)

    def to_cache(self) -> dict[str, Any]:
        return {
            "extraction": self.extraction.model_dump(mode="json"),
            "repairs": [r.model_dump(mode="json") for r in self.repairs],
            "invalid_items": [i.model_dump(mode="json") for i in self.invalid_items],
        }

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> ChunkAnswer:
        return cls(
            extraction=Extraction.model_validate(data["extraction"]),
            repairs=[Repair.model_validate(r) for r in data.get("repairs", [])],
            invalid_items=[InvalidItem.model_validate(i) for i in data.get("invalid_items", [])],
        )


@runtime_checkable
class Backend(Protocol):
    """An extraction backend.

    ``extract_chunk`` returns evidence offsets relative to the chunk text when the
    backend knows them (``match`` set), or 0 with ``match`` None when it does not (LLMs);
    grounding fills or checks them either way.
    """

    #: short name used on the command line and in output metadata: rules, openai ...
    name: str
    #: token budget per chunk; ``None`` means the whole document is one chunk
    max_chunk_tokens: int | None
    #: whether answers are worth caching (model calls are; a fast deterministic backend is not)
    cacheable: bool
    #: whether extraction runs on this machine's CPU (rules) rather than waiting on a server:
    #: a local run then spreads documents over one worker process per core
    local_cpu: bool

    def identity(self) -> dict[str, Any]:
        """Everything that changes this backend's answers (model, mode, prompt version ...).

        It goes into cache keys, the run's config hash and every record's ``meta``.
        """
        ...

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        """Extract one chunk, recording calls, tokens, retries and cache hits in ``request.usage``."""
        ...

    async def aclose(self) -> None:
        """Release clients (inside the event loop that used them)."""
        ...

"""The one small interface every extraction backend implements.

A backend turns one chunk of a document into an ``Extraction`` (a Report without the
fields llmx owns). Everything around the call (chunking, normalisation, grounding,
merging, caching, writing) is the pipeline's job, so a new backend is one class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from llmx.core.chunking import Chunk
from llmx.core.document import Document
from llmx.llm.usage import Usage


@dataclass(slots=True)
class ChunkRequest:
    """What a backend gets for one call: the chunk, its document, and a usage ledger to fill."""

    document: Document
    chunk: Chunk
    chunk_count: int = 1
    usage: Usage = field(default_factory=Usage)


@runtime_checkable
class Backend(Protocol):
    """An extraction backend.

    ``extract_chunk`` returns an Extraction whose evidence offsets are relative to the
    chunk text when the backend knows them (``match`` set), or 0 with ``match`` None when
    it does not (LLMs); grounding fills or checks them either way.
    """

    #: short name used on the command line and in output metadata: rules, openai ...
    name: str
    #: token budget per chunk; ``None`` means the whole document is one chunk
    max_chunk_tokens: int | None
    #: whether answers are worth caching (model calls are; a fast deterministic backend is not)
    cacheable: bool

    def identity(self) -> dict[str, Any]:
        """Everything that changes this backend's answers (model, mode, prompt version ...).

        It goes into cache keys, the run's config hash and every record's ``meta``.
        """
        ...

    def extract_chunk(self, request: ChunkRequest) -> BaseModel:
        """Extract one chunk, recording calls, tokens, retries and cache hits in ``request.usage``."""
        ...

    def close(self) -> None:
        """Release clients and caches."""
        ...

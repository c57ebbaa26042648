"""The data path for one document, top to bottom:

load → clean → chunk → prompt → call → validate → normalise → ground → merge → (write).

Loading and writing belong to the callers (CLI, batch runner, library); this module
turns a Document into a Report and records what it cost.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from llmx import __version__
from llmx.backends import Backend, ChunkRequest, make_backend
from llmx.config import ExtractConfig
from llmx.core.chunking import Chunk, chunk_document
from llmx.core.clean import content_window
from llmx.core.document import TEXT_SUFFIXES, Document, document_from_text, load_document
from llmx.core.grounding import GroundingStats, drop_ungrounded, ground_report, ungrounded_items
from llmx.core.merge import merge_extractions, shift_evidence
from llmx.core.normalize import normalize_report
from llmx.core.records import Extraction, Report
from llmx.errors import BackendError, ExtractionError, InputError
from llmx.llm.cache import ResponseCache, cache_key, schema_fingerprint
from llmx.llm.usage import Usage


@dataclass
class DocumentResult:
    report: Report
    usage: Usage
    grounding: GroundingStats = field(default_factory=GroundingStats)


def config_hash(identity: dict[str, Any], config: ExtractConfig) -> str:
    """What decides a run's output: a changed model, prompt, schema or grounding rule changes it."""
    blob = json.dumps(
        {"identity": identity, "schema": schema_fingerprint(), "strict_grounding": config.strict_grounding},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class Extractor:
    """Holds a backend and a cache; turns documents into Reports. Safe to share across threads."""

    def __init__(self, config: ExtractConfig | None = None, *, backend: Backend | None = None, **options: Any):
        self.config = config or ExtractConfig.from_env()
        self.backend = backend or make_backend(self.config, **options)
        self.identity = self.backend.identity()
        self.config_hash = config_hash(self.identity, self.config)
        use_cache = self.config.cache and getattr(self.backend, "cacheable", False)
        self.cache = ResponseCache(self.config.cache_dir) if use_cache else None

    # -- chunk ---------------------------------------------------------------------------
    def chunks(self, document: Document) -> list[Chunk]:
        budget = self.backend.max_chunk_tokens
        if budget is None:
            start, end = content_window(document.text)
            return [Chunk(index=0, start=start, end=end, text=document.text[start:end])]
        return chunk_document(document.text, max_tokens=budget)

    # -- call + validate (cached) --------------------------------------------------------
    def _call(self, request: ChunkRequest) -> BaseModel:
        key = cache_key(self.identity, request.chunk.text) if self.cache else None
        if self.cache is not None and key is not None:
            cached = self.cache.get(key)
            if cached is not None:
                try:
                    request.usage.add(cache_hits=1, chunks=1)
                    return Extraction.model_validate(cached)
                except ValidationError:
                    pass  # written by an older schema: ask again
        result = self.backend.extract_chunk(request)
        if self.cache is not None and key is not None:
            self.cache.set(key, result.model_dump(mode="json"))
        return result

    # -- the whole path for one document -------------------------------------------------
    def extract(self, document: Document) -> DocumentResult:
        started = time.perf_counter()
        usage = Usage()
        grounding = GroundingStats()
        chunks = self.chunks(document)
        parts = []
        chunk_errors: list[dict[str, Any]] = []
        for chunk in chunks:
            request = ChunkRequest(document=document, chunk=chunk, chunk_count=len(chunks), usage=usage)
            try:
                part = self._call(request)
            except (BackendError, ValidationError) as err:
                stage = err.stage if isinstance(err, BackendError) else "validate"
                message = str(err) if isinstance(err, BackendError) else _short(err)
                if stage != "validate" or len(chunks) == 1:
                    # transport failures fail the document so a resumed run retries it
                    raise ExtractionError(document.doc_id, stage, message, type(err).__name__, usage) from err
                # a model that cannot produce valid output for one chunk (deterministic at
                # temperature 0) should not cost the records of the other chunks
                chunk_errors.append({"chunk": chunk.index, "stage": stage, "message": message[:500]})
                continue
            part = normalize_report(shift_evidence(part, chunk.start), text=document.text)
            part, stats = ground_report(part, document.text, hint=(chunk.start, chunk.end))
            grounding = grounding + stats
            parts.append(part)
        if not parts:
            first = chunk_errors[0]
            raise ExtractionError(document.doc_id, first["stage"], f"every chunk failed: {first['message']}",
                                  "BackendError", usage)
        report = merge_extractions(parts, document.doc_id)
        dropped = 0
        if self.config.strict_grounding:
            report, dropped = drop_ungrounded(report)
        usage.wall_seconds = time.perf_counter() - started
        flagged = [f"{kind}[{i}]" for kind, i in ungrounded_items(report)]
        report.meta = {
            "llmx_version": __version__,
            **{k: v for k, v in self.identity.items() if k != "prompt_sha256"},
            "config_hash": self.config_hash,
            "source": document.source,
            "encoding": document.encoding,
            "chunks": len(chunks),
            "chunk_errors": chunk_errors,
            "usage": usage.as_dict(),
            "grounding": {**grounding.as_dict(), "ungrounded_items": flagged, "dropped_items": dropped},
        }
        return DocumentResult(report=report, usage=usage, grounding=grounding)

    def extract_path(self, path: str | Path, doc_id: str | None = None) -> DocumentResult:
        try:
            document = load_document(path, doc_id)
        except InputError as err:
            raise ExtractionError(doc_id or Path(path).stem, "load", err.problem, "InputError") from err
        return self.extract(document)

    def close(self) -> None:
        self.backend.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CJK = re.compile(r"[\u3400-\u9fff]")


def _looks_like_path(item: str) -> bool:
    """A string names a file when it exists, or when it reads like a path rather than prose
    (one short line, no Chinese, a separator, glob or text suffix): a mistyped path must fail
    as a missing file, not be extracted as a document."""
    if len(item) > 4096 or "\n" in item:
        return False
    if Path(item).exists():
        return True
    looks = "/" in item or "\\" in item or glob.has_magic(item) or Path(item).suffix.lower() in TEXT_SUFFIXES
    return looks and not _CJK.search(item)


def _short(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()[:5])


# -- library API -----------------------------------------------------------------------------


def extract(text: str, doc_id: str = "doc", **config: Any) -> Report:
    """Extract one document given as text.

    >>> report = llmx.extract(open("report.txt").read(), doc_id="report")  # doctest: +SKIP

    ``config`` takes any ``ExtractConfig`` field (backend, model, base_url, cache_dir ...).
    """
    with Extractor(ExtractConfig.from_env(**config)) as extractor:
        return extractor.extract(document_from_text(text, doc_id)).report


def extract_many(
    items: Iterable[str | Path | tuple[str, str]],
    *,
    on_error: Any | None = None,
    **config: Any,
) -> Iterator[Report]:
    """Extract many documents: file paths (``Path`` or existing path strings), directories,
    ``(doc_id, text)`` pairs, or plain texts (doc ids ``text-0``, ``text-1`` ...).

    Failed documents raise ``ExtractionError`` unless ``on_error(error)`` is given, in which
    case they are reported to it and the iteration goes on.
    """
    from llmx.run.inputs import iter_input_paths

    with Extractor(ExtractConfig.from_env(**config)) as extractor:
        for i, item in enumerate(items):
            try:
                if isinstance(item, tuple):
                    doc_id, text = item
                    yield extractor.extract(document_from_text(text, doc_id)).report
                elif isinstance(item, Path) or _looks_like_path(item):
                    for path in iter_input_paths([str(item)]):
                        try:
                            yield extractor.extract_path(path).report
                        except ExtractionError as err:
                            if on_error is None:
                                raise
                            on_error(err)
                else:
                    yield extractor.extract(document_from_text(str(item), f"text-{i}")).report
            except InputError as err:
                wrapped = ExtractionError(err.source, "load", err.problem, "InputError")
                if on_error is None:
                    raise wrapped from err
                on_error(wrapped)
            except ExtractionError as err:
                if on_error is None:
                    raise
                on_error(err)

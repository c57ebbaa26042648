"""The data path for one document, top to bottom:

load → clean → chunk → prompt → call → repair → validate → normalise → ground → merge →
verify figures → (write).

Loading and writing belong to the callers (the run engines, the library functions);
this module turns a Document into a Report and records what it cost. The chunks of a
document are extracted concurrently (within the run's ``--concurrency`` and rate
limits), so a 200-chunk report does not take 200 round trips in series.

The backends are async. ``Extractor`` keeps a private event loop in a thread so that
plain synchronous callers (``extract``, ``extract_path``, the library functions) can
use it from any thread; async callers use ``aextract`` inside that loop (``run``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from llmx.backends import Backend, ChunkAnswer, ChunkRequest, make_backend
from llmx.config import ExtractConfig
from llmx.core.chunking import Chunk, chunk_document, window_chunks
from llmx.core.clean import content_window, document_title
from llmx.core.divisions import load as load_divisions
from llmx.core.divisions import preload as preload_divisions
from llmx.core.document import Document, document_from_text, load_document
from llmx.core.figures import verify_figures
from llmx.core.grounding import drop_ungrounded, ground_report, ungrounded_items
from llmx.core.merge import merge_extractions, shift_evidence
from llmx.core.meta import ChunkError, Figures, GroundingStats, MergeConflict, RunMeta, Usage, record_at
from llmx.core.normalize import normalize_report
from llmx.core.records import Extraction, Report
from llmx.errors import BackendError, ExtractionError, InputError, Stage
from llmx.llm.cache import ResponseCache, cache_key, schema_fingerprint
from llmx.version import installed_version

T = TypeVar("T")

#: an invented sentence in the genre's shape, extracted once to load the NLP tables
_WARM_TEXT = "某县农业农村局驻青石岭村工作队：全村共有120户435人，投入资金3.5万元修建道路1.2公里。"


@dataclass
class DocumentResult:
    report: Report
    usage: Usage
    grounding: GroundingStats = field(default_factory=GroundingStats)
    figures: Figures = field(default_factory=Figures)


def config_hash(identity: dict[str, Any], config: ExtractConfig) -> str:
    """What decides a run's output: a changed model, prompt, schema or grounding rule changes it."""
    blob = json.dumps(
        {"identity": identity, "schema": schema_fingerprint(), "strict_grounding": config.strict_grounding},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


#: seconds a cancelled coroutine is given to unwind after Ctrl-C
CANCEL_WAIT_S = 5.0


class LoopThread:
    """A private event loop in a daemon thread: synchronous callers submit coroutines to it."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="llmx-loop", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
        return self._loop

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the loop and wait for its result (from any thread but the loop's)."""
        loop = self._start()
        if threading.current_thread() is self._thread:
            coro.close()
            raise RuntimeError("LoopThread.run called from its own loop: await the coroutine instead")
        finished = threading.Event()

        async def tracked() -> T:
            try:
                return await coro
            finally:
                finished.set()

        future = asyncio.run_coroutine_threadsafe(tracked(), loop)
        try:
            return future.result()
        except BaseException:
            # Ctrl-C (or any exception) in the waiting thread: cancel the coroutine and wait
            # briefly for it to unwind, so nothing it owns is touched from two threads
            future.cancel()
            finished.wait(timeout=CANCEL_WAIT_S)
            raise

    @property
    def started(self) -> bool:
        return self._loop is not None

    def stop(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            loop.close()


class Extractor:
    """Holds a backend and a cache; turns documents into Reports. Safe to share across threads."""

    def __init__(self, config: ExtractConfig | None = None, *, backend: Backend | None = None, **options: Any):
        self.config = config or ExtractConfig.from_env()
        self.backend = backend or make_backend(self.config, **options)
        self.identity = self.backend.identity()
        self.config_hash = config_hash(self.identity, self.config)
        use_cache = self.config.cache and self.backend.cacheable
        self.cache = ResponseCache(self.config.cache_dir) if use_cache else None
        self.loop = LoopThread()
        if not getattr(self.backend, "local_cpu", False):
            preload_divisions()  # ready before the first answers arrive
        self._meta_identity = {k: v for k, v in self.identity.items() if k != "prompt_sha256"}

    # -- chunk ---------------------------------------------------------------------------
    def chunks(self, document: Document) -> list[Chunk]:
        budget = self.backend.max_chunk_tokens
        if budget is None:
            # the whole article; a file far longer than any page (many pages in one) in parts
            start, end = content_window(document.text)
            return window_chunks(document.text, start, end)
        return chunk_document(document.text, max_tokens=budget)

    def requests(self, document: Document, usage: Usage | None = None) -> list[ChunkRequest]:
        """One request per chunk, each with the document's title as context."""
        chunks = self.chunks(document)
        title = document_title(document.text) if len(chunks) > 1 else None
        ledger = usage if usage is not None else Usage()
        return [ChunkRequest(document, chunk, len(chunks), ledger, title) for chunk in chunks]

    def cache_key(self, request: ChunkRequest) -> str:
        return cache_key(self.identity, request.chunk.text)

    def cached_answer(self, request: ChunkRequest) -> ChunkAnswer | None:
        """The cached answer for ``request``'s chunk, if this configuration has a valid one.

        An entry that is not a valid answer (planted, damaged, hand-edited) is counted in
        ``usage.cache_ignored`` and the model is asked again; its answer replaces it."""
        if self.cache is None:
            return None
        found = self.cache.lookup(self.cache_key(request))
        if found.value is not None:
            try:
                return ChunkAnswer.from_cache(found.value)
            except (ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
                pass
        elif not found.ignored:
            return None
        request.usage.add(cache_ignored=1)
        return None

    def store_answer(self, request: ChunkRequest, answer: ChunkAnswer) -> None:
        if self.cache is not None:
            self.cache.set(self.cache_key(request), answer.to_cache())

    # -- call (cached) -------------------------------------------------------------------
    async def _answer(self, request: ChunkRequest) -> ChunkAnswer:
        cached = self.cached_answer(request)
        if cached is not None:
            request.usage.add(cache_hits=1, chunks=1)
            return cached
        answer = await self.backend.extract_chunk(request)
        self.store_answer(request, answer)
        return answer

    # -- the whole path for one document -------------------------------------------------
    async def aextract(self, document: Document) -> DocumentResult:
        """Extract one document (inside this extractor's event loop, or any loop when the
        backend holds no loop-bound client)."""
        started = time.perf_counter()
        usage = Usage()
        requests = self.requests(document, usage)
        outcomes = await asyncio.gather(*(self._answer(r) for r in requests), return_exceptions=True)
        answers: list[tuple[ChunkRequest, ChunkAnswer]] = []
        chunk_errors: list[ChunkError] = []
        for request, outcome in zip(requests, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, BackendError | ValidationError):
                    raise outcome
                stage = outcome.stage if isinstance(outcome, BackendError) else "validate"
                if stage != "validate":
                    # transport failures fail the document so a resumed run retries it; the
                    # chunks that did succeed are in the cache and cost nothing next time
                    raise ExtractionError(
                        document.doc_id, stage, str(outcome), type(outcome).__name__, usage
                    ) from outcome
                chunk_errors.append(ChunkError(chunk=request.chunk.index, stage=stage, message=str(outcome)[:500]))
                continue
            answers.append((request, outcome))
        return self.assemble(document, answers, chunk_errors, usage, started, len(requests))

    def assemble(
        self,
        document: Document,
        answers: list[tuple[ChunkRequest, ChunkAnswer]],
        chunk_errors: list[ChunkError],
        usage: Usage,
        started: float,
        chunk_count: int | None = None,
    ) -> DocumentResult:
        """Normalise, ground, merge and verify the chunks' answers into one Report.

        The online path and ``llmx batch collect`` both end here, so a batch run's
        records are made exactly as an online run's are. A document some of whose chunks
        failed is not written as if it were whole: it fails (the chunks that succeeded are
        cached, so a re-run asks only for the others) unless ``keep_partial`` is set.
        """
        check_complete(document.doc_id, chunk_errors, chunk_count or len(answers) + len(chunk_errors),
                       usage, keep_partial=self.config.keep_partial, cached=self.cache is not None)
        grounding = GroundingStats()
        parts: list[Extraction] = []
        for request, answer in sorted(answers, key=lambda pair: pair[0].chunk.index):
            chunk = request.chunk
            part = normalize_report(shift_evidence(answer.extraction, chunk.start), text=document.text)
            part, stats = ground_report(part, document.text, hint=(chunk.start, chunk.end))
            grounding.merge(stats)
            parts.append(part)
        conflicts: list[MergeConflict] = []
        report = merge_extractions(parts, document.doc_id, conflicts)
        report, figures = verify_figures(report, strict=self.config.strict_grounding, text=document.text)
        if self.config.strict_grounding:
            conflicts = _renumbered(conflicts, ungrounded_items(report))
            report, grounding.dropped_items = drop_ungrounded(report)
            figures = _aligned_figures(report, figures, document.text)
        report.meta = RunMeta(
            llmx_version=installed_version(),
            **self._meta_identity,
            config_hash=self.config_hash,
            source=document.source,
            source_digest=document.digest,
            encoding=document.encoding,
            chunks=chunk_count if chunk_count is not None else (answers[0][0].chunk_count if answers else 0),
            chunk_errors=chunk_errors,
            usage=usage,
            grounding=grounding,
            ungrounded_items=[f"{kind}[{i}]" for kind, i in ungrounded_items(report)],
            figures=figures,
            repairs=[r for _, a in answers for r in a.repairs],
            invalid_items=[i for _, a in answers for i in a.invalid_items],
            merge_conflicts=conflicts,
        )
        return DocumentResult(report=report, usage=usage, grounding=grounding, figures=figures)

    async def aextract_path(self, path: str | Path, doc_id: str | None = None) -> DocumentResult:
        try:
            document = load_document(path, doc_id)
        except InputError as err:
            raise ExtractionError(doc_id or Path(path).stem, "load", err.problem, "InputError") from err
        return await self.aextract(document)

    def warm_up(self) -> None:
        """Import and load what extraction needs (jionlp's gazetteer, OpenCC, cn2an ...) now,
        in this thread: worker processes forked afterwards share it instead of each paying
        seconds for it. Makes no model call."""
        document = document_from_text(_WARM_TEXT, "warm-up")
        load_divisions()  # waits for a background preload too: no thread may be mid-load at a fork
        if getattr(self.backend, "local_cpu", False):
            asyncio.run(self.aextract(document))
            return
        part = Extraction.model_validate({"metrics": [
            {"name": "户数", "value": 120, "unit": "户", "evidence": [{"quote": "全村共有120户"}]}
        ]})
        request = ChunkRequest(document, Chunk(0, 0, len(_WARM_TEXT), _WARM_TEXT))
        self.assemble(document, [(request, ChunkAnswer(part))], [], Usage(), time.perf_counter(), 1)

    # -- synchronous entry points --------------------------------------------------------
    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on this extractor's event loop (where its client lives)."""
        return self.loop.run(coro)

    def extract(self, document: Document) -> DocumentResult:
        return self.run(self.aextract(document))

    def extract_path(self, path: str | Path, doc_id: str | None = None) -> DocumentResult:
        return self.run(self.aextract_path(path, doc_id))

    def close(self) -> None:
        if self.loop.started:
            self.loop.run(self.backend.aclose())
            self.loop.stop()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_complete(doc_id: str, chunk_errors: list[ChunkError], chunks: int, usage: Usage, *,
                   keep_partial: bool, cached: bool = True) -> None:
    """Raise ExtractionError when chunks were lost, unless the caller accepts a partial document."""
    if not chunk_errors:
        return
    first = chunk_errors[0]
    stage: Stage = "call" if first.stage == "call" else "validate"
    if len(chunk_errors) >= chunks:
        raise ExtractionError(doc_id, stage, f"every chunk failed: {first.message}", "ChunkFailed", usage)
    if keep_partial:
        return
    raise ExtractionError(
        doc_id, stage,
        f"{len(chunk_errors)} of {chunks} chunks failed (chunk {first.chunk}: {first.message}); "
        + ("the others are cached, so a re-run asks only for the failed ones; " if cached else "")
        + "--keep-partial writes the document without them",
        "ChunkFailed", usage,
    )


def _renumbered(conflicts: list[MergeConflict], dropped: list[tuple[str, int]]) -> list[MergeConflict]:
    """Merge conflicts pointing at the items left after ``dropped`` go (theirs go with them)."""
    gone = set(dropped)
    kept = []
    for conflict in conflicts:
        at = record_at(conflict.record)
        if at is None:
            kept.append(conflict)  # not a record llmx names: nothing to renumber
        elif at not in gone:
            kind, index = at
            shift = sum(1 for k, i in gone if k == kind and i < index)
            kept.append(conflict.model_copy(update={"record": f"{kind}[{index - shift}]"}))
    return kept


def _aligned_figures(report: Report, figures: Figures, text: str) -> Figures:
    """Recheck figures after items were dropped, so ``meta.figures`` stays aligned."""
    _, rechecked = verify_figures(report, strict=False, text=text)
    rechecked.nulled = figures.nulled
    return rechecked

"""The provider Batch API path: ``llmx batch prepare``, ``submit``, ``status`` and ``collect``.

Why: OpenAI's Batch API answers a file of requests within 24 hours at half the online
price and outside the online rate limits, and ``vllm run-batch`` answers the same file
on a GPU box with no server to keep busy. Neither may change what llmx sends or what it
makes of the answers, so:

- ``prepare`` writes one Batch input line per chunk request whose ``body`` is exactly
  what the online path sends (``backend.request_body``). Chunks the response cache
  already answers and documents already in the run's output are left out, so a later
  prepare asks only for what is missing. A manifest beside the file records how to
  rebuild the same Extractor and which document and chunk each ``custom_id`` is.
- ``submit`` uploads the file and creates the batch; ``status`` reads it back.
- ``collect`` rebuilds each document's requests, takes each chunk's answer from the
  cache or from its result line (``answer_offline``: repaired and validated as online,
  without re-asks), caches it, and assembles the document with ``Extractor.assemble``,
  the online path's own ending. It runs through ``run_batch`` with a ``CollectEngine``,
  so the output, its resume rules, input order and errors file are ``llmx extract``'s.

A document with a failed or missing result line goes to the errors file whole (stage
``call``); the chunks that were answered are cached, so the next ``prepare --out OUT``
asks only for the rest, and an online run costs nothing for them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from llmx.backends import ChunkAnswer, ChunkRequest
from llmx.config import ExtractConfig
from llmx.core.document import Document
from llmx.core.meta import ChunkError, Usage
from llmx.errors import BackendError, BatchError, ConfigError, ExtractionError, InputError
from llmx.llm.health import redact_url
from llmx.llm.ratelimit import LimiterStats
from llmx.pipeline import DocumentResult, Extractor
from llmx.run.cost import CostEstimate
from llmx.run.engine import MessageCallback, ProgressCallback, RunSummary, run_batch
from llmx.run.inputs import STDIN
from llmx.run.output import DocIds, OutputState, check_resumable, scan_output
from llmx.run.summary import Deliver, Outcome
from llmx.run.work import Task, failure, load_task, succeeded
from llmx.version import installed_version

MANIFEST_FORMAT = 1
ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
#: OpenAI's limits for one batch input file
MAX_BATCH_REQUESTS = 50_000
MAX_BATCH_BYTES = 200 * 1024 * 1024
#: batch states whose results are not all there yet
PENDING = frozenset({"validating", "in_progress", "finalizing", "cancelling"})
#: the key the backend is built with when nothing will be sent (prepare, collect)
_NO_KEY = "unused-nothing-is-sent"


# -- the manifest -----------------------------------------------------------------------


def manifest_path_for(requests: Path) -> Path:
    """``REQUESTS.jsonl`` -> ``REQUESTS.manifest.json``."""
    name = requests.name[: -len(".jsonl")] if requests.name.endswith(".jsonl") else requests.name
    return requests.with_name(f"{name}.manifest.json")


def custom_id(extractor: Extractor, request: ChunkRequest) -> str:
    """Stable across prepares (same document, chunk and configuration) and unique in a file."""
    return f"{request.document.doc_id}--{request.chunk.index}--{extractor.cache_key(request)[:16]}"


def config_record(config: ExtractConfig) -> dict[str, Any]:
    """Every ExtractConfig field but the API key (and credentials in the URL): enough to
    rebuild the same Extractor."""
    record = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "api_key"}
    record["cache_dir"] = str(config.cache_dir)
    record["base_url"] = redact_url(config.base_url)
    return record


def config_from_record(record: dict[str, Any]) -> ExtractConfig:
    known = {f.name for f in fields(ExtractConfig)} - {"api_key"}
    values = {key: value for key, value in record.items() if key in known}
    values["cache_dir"] = Path(values.get("cache_dir") or ExtractConfig().cache_dir)
    config = ExtractConfig(**values, api_key=_NO_KEY)
    config.check()
    return config


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.writing")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class Manifest:
    """``REQUESTS.manifest.json``: what ``prepare`` wrote and how to read its answers back."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def load(cls, requests: Path) -> Manifest:
        """The manifest of a requests file (or the manifest file itself)."""
        path = requests if requests.name.endswith(".manifest.json") else manifest_path_for(requests)
        if not path.is_file():
            raise BatchError(
                f"{path}: no manifest for {requests}. It is written by `llmx batch prepare ... -o {requests}` "
                "beside the requests file and says which document and chunk each line is: keep the two "
                "together, or prepare again"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise BatchError(f"{path}: not a readable manifest ({err}); prepare again") from None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or "documents" not in data:
            raise BatchError(f"{path}: not an llmx batch manifest (format {MANIFEST_FORMAT}); prepare again")
        return cls(path, data)

    def save(self) -> None:
        _write_atomic(self.path, (json.dumps(self.data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))

    @property
    def requests_path(self) -> Path:
        return self.path.with_name(self.data["requests_file"])

    @property
    def documents(self) -> list[dict[str, Any]]:
        return list(self.data["documents"])

    @property
    def batch(self) -> dict[str, Any] | None:
        return self.data.get("batch")

    def custom_ids(self) -> set[str]:
        return {chunk["custom_id"] for doc in self.documents for chunk in doc.get("chunks", ())
                if chunk["custom_id"] != "cached"}

    def paths(self) -> list[Path]:
        """Every input in prepare's order: where it was given, else where it was then."""
        paths = []
        for doc in self.documents:
            given = Path(doc["source"])
            paths.append(given if given.exists() or not Path(doc["path"]).exists() else Path(doc["path"]))
        return paths

    def input_errors(self) -> list[InputError]:
        return [InputError(e["source"], e["problem"]) for e in self.data.get("input_errors", ())]


def extractor_for(manifest: Manifest, *, keep_partial: bool = False) -> Extractor:
    """The Extractor the batch was prepared with; refuses when this llmx would build another.
    ``keep_partial`` writes documents some of whose chunks' answers were unusable."""
    try:
        config = config_from_record(manifest.data["config"]).with_(keep_partial=keep_partial)
        extractor = Extractor(config)
    except (ConfigError, ValueError, TypeError) as err:
        raise BatchError(f"{manifest.path}: its config cannot be rebuilt ({err}); prepare again") from None
    if extractor.config_hash != manifest.data["config_hash"]:
        expected = manifest.data.get("prompt")
        extractor.close()
        raise BatchError(
            f"{manifest.path}: prepared with config {manifest.data['config_hash']} (prompt {expected}, llmx "
            f"{manifest.data.get('llmx_version')}), but this llmx builds {extractor.config_hash} (prompt "
            f"{extractor.identity.get('prompt')}, llmx {installed_version()}): the prompt, schema or model "
            "settings changed since. Collect with the llmx that prepared it, or prepare again"
        )
    return extractor


# -- prepare ----------------------------------------------------------------------------


def batch_extractor(config: ExtractConfig) -> Extractor:
    """An Extractor for ``prepare``: needs a model server's backend; no key is needed to write files."""
    if config.resolved_backend() != "openai":
        raise BatchError("a batch is made of model requests: pass --model (and --base-url for a server "
                         "other than OpenAI), or set LLMX_MODEL; the rules backend sends none")
    return Extractor(config if config.api_key else config.with_(api_key=_NO_KEY))


@dataclass
class Prepared:
    """What ``prepare`` wrote, for the CLI to report."""

    requests_path: Path
    manifest_path: Path
    estimate: CostEstimate
    statuses: Counter[str]
    bytes: int
    warnings: list[str] = field(default_factory=list)


def prepare(
    paths: Iterable[Path], requests_path: Path, extractor: Extractor, *, out: Path | None = None,
    input_errors: Sequence[InputError] = (),
) -> Prepared:
    """Write the Batch input file and its manifest for ``paths`` (see the module docstring).

    Raises BatchError (no model backend, standard input, a manifest whose batch is not
    collected yet) or RunError (``out`` holds another configuration's records).
    """
    request_body: Callable[[ChunkRequest], dict[str, Any]] | None = getattr(extractor.backend, "request_body", None)
    if request_body is None:
        raise BatchError(f"the {extractor.backend.name} backend sends no requests: a batch needs --model")
    manifest_path = manifest_path_for(requests_path)
    _refuse_linked(manifest_path)
    state = OutputState()
    if out is not None:
        state = scan_output(out, extractor.config_hash)
        check_resumable(out, state, extractor.config_hash)
    ids = DocIds(state)  # the doc ids `collect` gives these paths, as llmx extract does
    estimate = CostEstimate()
    statuses: Counter[str] = Counter()
    documents: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    size = 0
    requests_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = requests_path.with_name(f".{requests_path.name}.writing")
    with _removed_on_error(tmp), tmp.open("wb") as fh:
        for path in paths:
            if path == Path(STDIN):
                raise BatchError("llmx batch reads files, not standard input: save it to a file and prepare that")
            doc_id, _ = ids.assign(path.stem, str(path))
            entry: dict[str, Any] = {"doc_id": doc_id or path.stem, "source": str(path), "path": str(path.absolute())}
            documents.append(entry)
            if doc_id is None:  # the run fails it as a duplicate, as llmx extract does
                entry["status"] = "duplicate"
            elif ids.done(doc_id, str(path)):
                entry["status"] = "done"
            else:
                for line in _prepare_document(extractor, request_body, path, entry, estimate):
                    data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
                    fh.write(data)
                    digest.update(data)
                    size += len(data)
            statuses[entry["status"]] += 1
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, requests_path)
    manifest = Manifest(manifest_path, {
        "format": MANIFEST_FORMAT,
        "llmx_version": installed_version(),
        "created": _now(),
        "requests_file": requests_path.name,
        "requests_sha256": digest.hexdigest(),
        "requests": estimate.requests,
        "config": config_record(extractor.config),
        "identity": extractor.identity,
        "config_hash": extractor.config_hash,
        "prompt": extractor.identity.get("prompt"),
        "out": str(out) if out is not None else None,
        "input_errors": [{"source": e.source, "problem": e.problem} for e in input_errors],
        "documents": documents,
        "batch": None,
    })
    manifest.save()
    warnings = []
    if estimate.requests > MAX_BATCH_REQUESTS or size > MAX_BATCH_BYTES:
        warnings.append(f"{requests_path}: {estimate.requests:,} requests, {size / 2**20:.0f} MB: over OpenAI's "
                        f"limit for one batch ({MAX_BATCH_REQUESTS:,} requests, {MAX_BATCH_BYTES // 2**20} MB); "
                        "prepare the inputs in parts, one requests file each")
    return Prepared(requests_path, manifest_path, estimate, statuses, size, warnings)


def _prepare_document(
    extractor: Extractor, request_body: Callable[[ChunkRequest], dict[str, Any]], path: Path,
    entry: dict[str, Any], estimate: CostEstimate,
) -> Iterator[dict[str, Any]]:
    """The Batch lines of one document; fills its manifest ``entry`` and the estimate."""
    estimate.documents += 1
    try:
        document, _, _ = load_task(Task(0, str(path), entry["doc_id"]))
    except InputError as err:  # collect fails it at load, as llmx extract does
        estimate.unreadable += 1
        entry.update(status="unreadable", problem=err.problem)
        return
    requests = extractor.requests(document)
    chunks = []
    for request in requests:
        chunk = request.chunk
        estimate.chunks += 1
        planned: dict[str, Any] = {"index": chunk.index, "start": chunk.start, "end": chunk.end}
        if extractor.cached_answer(request) is not None:
            estimate.cached_chunks += 1
            planned["custom_id"] = "cached"
        else:
            body = request_body(request)
            planned["custom_id"] = custom_id(extractor, request)
            estimate.add_request(body, chunk.text, extractor.config.max_output_tokens)
            yield {"custom_id": planned["custom_id"], "method": "POST", "url": ENDPOINT, "body": body}
        chunks.append(planned)
    requested = any(c["custom_id"] != "cached" for c in chunks)
    entry.update(status="requested" if requested else "cached", chunk_count=len(requests), chunks=chunks)


@contextlib.contextmanager
def _removed_on_error(path: Path) -> Iterator[None]:
    """A half-written temporary file is not left behind by a failed or interrupted prepare."""
    try:
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _refuse_linked(manifest_path: Path) -> None:
    """Preparing over a manifest whose batch is not collected would orphan that batch."""
    if not manifest_path.is_file():
        return
    try:
        batch = json.loads(manifest_path.read_text(encoding="utf-8")).get("batch")
    except (OSError, ValueError, AttributeError):
        return
    if isinstance(batch, dict) and batch.get("id") and not batch.get("collected"):
        raise BatchError(
            f"{manifest_path}: links batch {batch['id']} to its documents and it is not collected yet; preparing "
            "over it would lose that link. Collect it first, or prepare into another -o (delete the manifest "
            "only if that batch is abandoned)"
        )


# -- the provider -----------------------------------------------------------------------


def open_client(base_url: str | None, api_key: str | None, timeout_s: float = 300.0) -> Any:
    """An ``openai.OpenAI`` client for the files and batches endpoints."""
    import openai

    key = api_key or os.environ.get("LLMX_API_KEY") or os.environ.get("OPENAI_API_KEY")
    if not key:
        if not base_url:
            raise BatchError("no API key for api.openai.com: set LLMX_API_KEY (or OPENAI_API_KEY), or pass --api-key")
        key = "not-needed"
    return openai.OpenAI(base_url=base_url, api_key=key, timeout=timeout_s, max_retries=3)


def _provider_error(err: Exception, base_url: str | None) -> BatchError:
    import openai

    where = base_url or "api.openai.com"
    if isinstance(err, openai.APIStatusError):
        return BatchError(f"{where} answered {err.status_code}: {err.message}")
    if isinstance(err, openai.APIConnectionError):
        return BatchError(f"cannot reach {where}: {err} (check --base-url)")
    return BatchError(f"{where}: {err}")


def _call(base_url: str | None, fn: Callable[[], Any]) -> Any:
    import openai

    try:
        return fn()
    except openai.APIError as err:
        raise _provider_error(err, base_url) from err


def submit(manifest: Manifest, client: Any, base_url: str | None, *, again: bool = False) -> dict[str, Any]:
    """Upload the requests file and create its batch; records both ids in the manifest."""
    requests = manifest.requests_path
    if not requests.is_file():
        raise BatchError(f"{requests}: not found beside its manifest {manifest.path}; prepare again")
    if hashlib.sha256(requests.read_bytes()).hexdigest() != manifest.data["requests_sha256"]:
        raise BatchError(f"{requests}: changed since `llmx batch prepare` wrote it (it no longer matches "
                         f"{manifest.path}); prepare again")
    if not manifest.data["requests"]:
        raise BatchError(f"{requests}: no requests (every chunk is cached or done): nothing to submit; "
                         f"`llmx batch collect --requests {requests} -o OUT.jsonl` builds the records from the cache")
    earlier = manifest.batch
    if earlier and earlier.get("id") and not again:
        raise BatchError(f"{requests}: already submitted as batch {earlier['id']}; see `llmx batch status "
                         f"{earlier['id']}`. Pass --again to submit it once more (and pay again)")
    with requests.open("rb") as fh:
        uploaded = _call(base_url, lambda: client.files.create(file=(requests.name, fh), purpose="batch"))
    created = _call(base_url, lambda: client.batches.create(
        input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window=COMPLETION_WINDOW,
        metadata={"llmx_requests": requests.name[:512], "llmx_config_hash": manifest.data["config_hash"]},
    ))
    record = {"id": created.id, "input_file_id": uploaded.id, "base_url": base_url, "submitted": _now(),
              "status": created.status}
    manifest.data["batch"] = record
    manifest.save()
    return record


def batch_status(client: Any, batch_id: str, base_url: str | None) -> dict[str, Any]:
    """The batch's state as plain data: status, request counts, output and error file ids."""
    batch = _call(base_url, lambda: client.batches.retrieve(batch_id))
    counts = batch.request_counts
    errors = [f"{e.code or 'error'}: {e.message}" + (f" (line {e.line})" if e.line else "")
              for e in ((batch.errors.data or []) if batch.errors else [])]
    return {
        "id": batch.id,
        "status": batch.status,
        "request_counts": {"total": counts.total, "completed": counts.completed, "failed": counts.failed}
        if counts is not None else None,
        "output_file_id": batch.output_file_id,
        "error_file_id": batch.error_file_id,
        "errors": errors,
    }


def download_results(manifest: Manifest, client: Any, batch_id: str, base_url: str | None) -> list[Path]:
    """Download a finished batch's output and error files beside the requests file.

    They are kept (the provider deletes them after a while) and recorded in the manifest,
    so a later collect can read them without the provider. Raises BatchError when the
    batch is not finished, or failed as a whole.
    """
    info = batch_status(client, batch_id, base_url)
    status, counts = info["status"], info["request_counts"] or {}
    if status in PENDING:
        raise BatchError(f"batch {batch_id} is {status} ({counts.get('completed', 0)}/{counts.get('total', '?')} "
                         f"requests done): collect it when `llmx batch status {batch_id}` says completed")
    if status == "failed":
        raise BatchError(f"batch {batch_id} failed: {'; '.join(info['errors']) or 'no reason given'}. "
                         "Fix that, then submit again (llmx batch submit --again)")
    stem = manifest.requests_path.name.removesuffix(".jsonl")
    files = []
    for kind in ("output", "error"):
        file_id = info[f"{kind}_file_id"]
        if not file_id:
            continue
        path = manifest.requests_path.with_name(f"{stem}.{batch_id}.{kind}.jsonl")
        _call(base_url, functools.partial(_download, client, file_id, path))
        files.append(path)
    earlier = manifest.batch
    record: dict[str, Any] = earlier if earlier and earlier.get("id") == batch_id else {"id": batch_id}
    record.update(status=status, request_counts=counts, results=[p.name for p in files])
    manifest.data["batch"] = record
    manifest.save()
    return files


def _download(client: Any, file_id: str, path: Path) -> None:
    """Stream a provider file to ``path`` (a batch's output can be hundreds of MB), atomically."""
    tmp = path.with_name(f".{path.name}.downloading")
    with _removed_on_error(tmp), client.files.with_streaming_response.content(file_id) as response:
        response.stream_to_file(tmp)
    os.replace(tmp, path)


# -- collect ----------------------------------------------------------------------------


class Results:
    """Result lines by custom_id, read from the files on demand (a big batch's answers
    need not all sit in memory). OpenAI's output and error files and ``vllm run-batch``'s
    output have one shape; lines may come in any order."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = list(files)
        self._handles: list[IO[bytes]] = []
        self._where: dict[str, tuple[int, int]] = {}
        self._ok: dict[str, bool] = {}
        try:
            for number, path in enumerate(self.files):
                self._handles.append(path.open("rb"))
                self._scan(number, path)
        except BaseException:
            self.close()
            raise

    def _scan(self, number: int, path: Path) -> None:
        handle = self._handles[number]
        offset = 0
        for line_no, raw in enumerate(handle, start=1):
            at, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                cid = line["custom_id"]
            except (ValueError, KeyError, TypeError):
                raise BatchError(f"{path}:{line_no}: not a batch result line (JSON with a custom_id); give the "
                                 "batch's output or error file, or `vllm run-batch`'s output") from None
            ok = line_problem(line) is None
            if cid not in self._where or (ok and not self._ok[cid]):  # a success wins over a failure
                self._where[str(cid)] = (number, at)
                self._ok[str(cid)] = ok

    @property
    def ids(self) -> set[str]:
        return set(self._where)

    def get(self, cid: str) -> dict[str, Any] | None:
        where = self._where.get(cid)
        if where is None:
            return None
        handle = self._handles[where[0]]
        handle.seek(where[1])
        return json.loads(handle.readline())

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        self._handles = []

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def line_problem(line: dict[str, Any]) -> str | None:
    """Why a result line holds no answer (None when it holds one): the provider's error."""
    error = line.get("error")
    response = line.get("response")
    status = response.get("status_code") if isinstance(response, dict) else None
    body = response.get("body") if isinstance(response, dict) else None
    if not error and status == 200 and isinstance(body, dict):
        return None
    if isinstance(error, dict) and isinstance(error.get("error"), dict):  # vLLM's ErrorResponse
        error = error["error"]
    if isinstance(error, dict):
        reason = f"{error.get('code') or 'error'}: {error.get('message') or ''}".rstrip(": ")
    elif error:
        reason = str(error)
    elif isinstance(body, dict) and isinstance(body.get("error"), dict):
        reason = str(body["error"].get("message") or body["error"])
    else:
        reason = "no response body" if status == 200 else "no reason given"
    return f"the provider answered {status}: {reason}" if status else f"the provider failed it: {reason}"


def check_results(results: Results, manifest: Manifest) -> None:
    """Refuse results that are not this manifest's: matching them would mislabel documents."""
    expected = manifest.custom_ids()
    unknown = sorted(results.ids - expected)
    if not unknown:
        return
    names = ", ".join(str(p) for p in results.files)
    if len(unknown) == len(results.ids):
        raise BatchError(f"{names}: none of its custom_ids is in {manifest.path}: these are the results of another "
                         "requests file; collect them with --requests set to the file they were made from")
    more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
    raise BatchError(f"{names}: custom_id {unknown[0]!r}{more} is not in {manifest.path}: was that requests file "
                     "prepared again after this batch was made? Collect with the manifest the batch was made from")


def collect_document(
    extractor: Extractor, document: Document, results: Results, entry: dict[str, Any] | None,
    prepared_out: str | None = None,
) -> DocumentResult:
    """One document from the cache and its result lines, assembled as the online path does.

    Raises ExtractionError: stage ``call`` when a chunk's line failed or is missing (the
    document is not half-written), ``load`` when the file changed since prepare,
    ``validate`` when no chunk's answer was usable.
    """
    started = time.perf_counter()
    usage = Usage()
    requests = extractor.requests(document, usage)
    planned = (entry or {}).get("chunks")
    if planned is not None and [(c["index"], c["start"], c["end"]) for c in planned] != [
        (r.chunk.index, r.chunk.start, r.chunk.end) for r in requests
    ]:
        raise ExtractionError(document.doc_id, "load", f"{document.source} changed since `llmx batch prepare` (its "
                              "chunks differ from the manifest's): prepare it again", "BatchError", usage)
    answers: list[tuple[ChunkRequest, ChunkAnswer]] = []
    chunk_errors: list[ChunkError] = []
    problems: list[str] = []
    for i, request in enumerate(requests):
        cached = extractor.cached_answer(request)
        if cached is not None:
            usage.add(cache_hits=1, chunks=1)
            answers.append((request, cached))
            continue
        cid = custom_id(extractor, request)
        was = planned[i]["custom_id"] if planned is not None else None
        if was not in (None, "cached", cid):
            raise ExtractionError(document.doc_id, "load", f"{document.source} changed since `llmx batch prepare` "
                                  f"(chunk {i} is not the one requested as {was}): prepare it again",
                                  "BatchError", usage)
        line = results.get(cid)
        if line is None:
            problems.append(_missing(cid, i, entry, was, prepared_out))
            continue
        if (problem := line_problem(line)) is not None:
            problems.append(f"custom_id {cid}: {problem}")
            continue
        usage.add(calls=1)  # the batch made this call
        try:
            answer = extractor.backend.answer_offline(line["response"]["body"], request)  # type: ignore[attr-defined]
        except (BackendError, ValidationError) as err:
            stage = err.stage if isinstance(err, BackendError) else "validate"
            if stage != "validate":
                problems.append(f"custom_id {cid}: {err}")
            else:  # an answer with no JSON at all: a chunk error, as online after its re-asks
                chunk_errors.append(ChunkError(chunk=request.chunk.index, stage=stage, message=str(err)[:500]))
            continue
        extractor.store_answer(request, answer)
        answers.append((request, answer))
    if problems:
        more = f" (and {len(problems) - 1} more chunk(s))" if len(problems) > 1 else ""
        raise ExtractionError(document.doc_id, "call", problems[0] + more, "BatchResultError", usage)
    return extractor.assemble(document, answers, chunk_errors, usage, started, len(requests))


def _missing(cid: str, index: int, entry: dict[str, Any] | None, was: str | None, prepared_out: str | None) -> str:
    if entry is not None and entry.get("status") == "done":
        return (f"chunk {index} was not requested: the document was already in {prepared_out} when the batch "
                "was prepared; collect into that output, or prepare again without --out")
    if was == "cached":
        return (f"chunk {index} was answered by the response cache when the batch was prepared but is not now "
                "(cache cleared, or another --cache-dir?): prepare again to request it")
    return (f"no result line for custom_id {cid} (chunk {index}): the batch did not answer it (expired or "
            "cancelled?); prepare again with --out to request what is missing")


@dataclass
class CollectEngine:
    """An Engine whose 'extraction' reads answers the batch already has: nothing is sent,
    so it runs in this process, document by document, in input order."""

    results: Results
    plan: dict[str, dict[str, Any]]
    prepared_out: str | None = None
    name: str = "batch"
    workers: int | None = 1

    def __call__(
        self, extractor: Extractor, tasks: Sequence[Task], deliver: Deliver, may_start: Callable[[Task], bool]
    ) -> LimiterStats:
        for task in tasks:
            deliver(self.collect_task(extractor, task))
        return LimiterStats()

    def collect_task(self, extractor: Extractor, task: Task) -> Outcome:
        """As ``llmx.run.work.process``: failures come back as an Outcome naming the stage."""
        try:
            document, size, had_bom = load_task(task)
            result = collect_document(extractor, document, self.results, self.plan.get(task.doc_id),
                                      self.prepared_out)
        except Exception as err:
            return failure(task, err)
        return succeeded(task, document, result, size, had_bom)


def collect(
    manifest: Manifest, result_files: Sequence[Path], out: Path, extractor: Extractor, *,
    on_progress: ProgressCallback | None = None, on_message: MessageCallback | None = None,
) -> RunSummary:
    """Every document of the manifest into ``out`` from ``result_files`` and the cache.

    Raises BatchError when the results are not this manifest's, RunError when ``out``
    cannot be resumed (as ``llmx extract``).
    """
    missing = [p for p in result_files if not p.is_file()]
    if missing:
        raise BatchError(f"{missing[0]}: no such results file")
    if not result_files and manifest.data["requests"]:
        raise BatchError(f"{manifest.requests_path} has {manifest.data['requests']} requests: give the batch id "
                         "or the results file to collect")
    plan: dict[str, dict[str, Any]] = {}
    for doc in manifest.documents:
        plan.setdefault(doc["doc_id"], doc)  # a duplicate's second file fails in the run, as online
    with Results(result_files) as results:
        check_results(results, manifest)
        engine = CollectEngine(results, plan, manifest.data.get("out"))
        summary = run_batch(manifest.paths(), out, extractor, engine=engine, input_errors=manifest.input_errors(),
                            on_progress=on_progress, on_message=on_message)
    batch = manifest.batch
    if batch and batch.get("results") and set(batch["results"]) <= {p.name for p in result_files}:
        batch["collected"] = _now()
        manifest.save()
    return summary

"""TEST DOUBLE: the gold reader, an OpenAI-compatible server that answers with gold records.

It is not a model and never stands in for a model's quality. It reads hand-labelled gold
at run time and answers every chunk request with the gold items of that chunk, optionally
with the mistakes real models make (``tests/support/noise.py``). With a perfect reader,
whatever llmx loses is llmx's own doing; with a noisy one, what llmx's repair, salvage,
figure verification and merging recover can be measured.

How a request is answered:

- The chunk is the text between a line ``<<<`` and a line ``>>>`` in a user message
  (``prompts/extract.md``). It is found by exact substring search in the loaded
  documents (the document whose title the prompt's ``文章标题：`` line names first, else the first
  in load order), which gives the chunk's offsets.
- The answer holds the gold items whose first evidence quote starts inside the chunk,
  whole, with evidence as ``{"quote", "start": 0, "end": 0}`` (a model knows no offsets).
  Title, outlet, published and authors are answered for the document's first chunk
  only (``第 1/N 段`` in the prompt; without a number, a chunk no labelled item precedes).
- The structured-output mode is read from the request: ``tools`` → a tool call;
  ``response_format`` ``json_schema`` or ``json_object`` (with or without a schema) →
  JSON content; otherwise JSON content, in a ```json fence when a message asks for a
  code block (instructor's MD_JSON).
- With ``thoughts``, content answers (not tool calls) open with a reasoning model's
  thoughts, as a server without a reasoning parser leaves them: ``<think>`` and a sketch
  of the JSON with an invented village, then ``</think>`` and the answer.
- A request carrying an earlier assistant message is a re-ask: it gets the full gold
  answer with the ``reask_noise`` classes (default clean: a model that fixes its
  mistakes when told), and is counted apart.
- Token counts are deterministic (``count_tokens``: one per CJK character, one per four
  other characters, over messages, tools and response_format), so runs compare.

Counters are in ``stats`` (in-process) and at ``GET /stats``. Standard library, pydantic
and llmx records only, so it also runs as its own process:

    python tests/support/gold_reader.py --noise wan,unit_synonyms --seed 1 [--latency 0.05]
        [--reask-noise clean] [--thoughts] [--gold-dir DOCS_DIR GOLD_DIR ...]
    # prints "http://127.0.0.1:PORT/v1" as the first line of stdout, serves until killed
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: import this tree's llmx and tests, not an installed copy
    sys.path.insert(0, str(ROOT))

from llmx.core.document import TEXT_SUFFIXES, load_document  # noqa: E402
from llmx.core.records import Report  # noqa: E402
from tests.support.noise import (  # noqa: E402
    HEADER_KEYS,
    ITEM_KINDS,
    ChunkContext,
    apply_noise,
    is_traditional,
    parse_noise,
)

#: The gold sets loaded when none is given: (documents, gold) directories.
DEFAULT_GOLD_DIRS: tuple[tuple[Path, Path], ...] = (
    (ROOT / "evals" / "docs", ROOT / "evals" / "gold"),
    (ROOT / "evals" / "heldout" / "docs", ROOT / "evals" / "heldout" / "gold"),
)
MODEL_ID = "gold-reader"

_CHUNK = re.compile(r"(?:^|\n)<<<\n(.*?)\n>>>(?:\n|$)", re.DOTALL)
_CHUNK_NUMBER = re.compile(r"第\s*(\d+)\s*/\s*(\d+)\s*段|chunk\s+(\d+)\s*(?:/|of)\s*(\d+)", re.IGNORECASE)
_DOC_CONTEXT = re.compile(r"^(?:文档|文章标题)：(.*)$", re.MULTILINE)
_CODE_BLOCK = re.compile(r"codeblock|code block|```", re.IGNORECASE)
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def count_tokens(text: str) -> int:
    """One token per CJK character, one per four other characters (rounded up)."""
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    gold: dict[str, Any]  # the gold Report as JSON, offsets included
    traditional: bool
    first_item_start: int  # the earliest first-quote start of any item (len(text) when none)


def load_gold(pairs: Sequence[tuple[str | Path, str | Path]]) -> dict[str, GoldDoc]:
    """Documents with gold from (docs_dir, gold_dir) pairs, read as llmx reads them.

    Text comes from ``llmx.core.document.load_document`` (what ``llmx.eval.harness.load_docs``
    uses), gold is validated as a ``Report``. A gold file without its document is an error:
    the double would silently answer nothing for it.
    """
    docs: dict[str, GoldDoc] = {}
    for docs_dir, gold_dir in pairs:
        texts = {p.stem: p for p in sorted(Path(docs_dir).iterdir())
                 if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")}
        golds = sorted(Path(gold_dir).glob("*.json"))
        if not golds:
            raise ValueError(f"{gold_dir}: no gold *.json files")
        for path in golds:
            if path.stem not in texts:
                raise ValueError(f"{path}: no document {path.stem}.* in {docs_dir}")
            text = load_document(texts[path.stem]).text
            report = Report.model_validate_json(path.read_text(encoding="utf-8"))
            if path.stem in docs and docs[path.stem].text != text:
                raise ValueError(f"{path}: doc_id {path.stem} is loaded twice with different texts")
            gold = report.model_dump(mode="json", exclude={"meta"})
            starts = [item["evidence"][0]["start"] for kind in ITEM_KINDS for item in gold[kind] if item["evidence"]]
            docs[path.stem] = GoldDoc(path.stem, text, gold, is_traditional(text), min(starts, default=len(text)))
    return docs


@dataclass
class GoldReaderStats:
    """What the double answered: counts a benchmark diffs between runs."""

    requests: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reask_prompt_tokens: int = 0
    reask_completion_tokens: int = 0
    unknown_chunks: int = 0  # chunk text found in no loaded document: answered empty
    items_answered: int = 0
    modes: Counter[str] = field(default_factory=Counter)
    noise_changes: Counter[str] = field(default_factory=Counter)  # "class:change" -> count
    fabricated: list[dict[str, Any]] = field(default_factory=list)  # one entry per fabricated figure

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests, "reasks": self.reasks,
            "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
            "reask_prompt_tokens": self.reask_prompt_tokens, "reask_completion_tokens": self.reask_completion_tokens,
            "unknown_chunks": self.unknown_chunks, "items_answered": self.items_answered,
            "modes": dict(self.modes), "noise_changes": dict(self.noise_changes),
            "fabricated": list(self.fabricated),
        }


def request_mode(body: dict[str, Any]) -> str:
    """The structured-output mode a request asks for."""
    if body.get("tools"):
        return "tools"
    response_format = body.get("response_format") or {}
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind == "json_schema":
        return "json_schema"
    if kind == "json_object":
        return "json_object_schema" if "schema" in response_format else "json_object"
    if any(_CODE_BLOCK.search(_message_text(m)) for m in body.get("messages") or []):
        return "md_json"
    return "json"


def _message_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        content = "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    parts = [content if isinstance(content, str) else ""]
    for call in message.get("tool_calls") or []:
        parts.append(str((call.get("function") or {}).get("arguments", "")))
    return "\n".join(parts)


def is_reask(body: dict[str, Any]) -> bool:
    """A follow-up carries the model's earlier answer as an assistant message."""
    return any(m.get("role") == "assistant" for m in body.get("messages") or [])


def _user_texts(body: dict[str, Any]) -> list[str]:
    return [_message_text(m) for m in body.get("messages") or [] if m.get("role") == "user"]


class GoldReader:
    """The test double; use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        gold_dirs: Sequence[tuple[str | Path, str | Path]] | None = None,
        noise: str | Sequence[str] = "clean",
        *,
        seed: int = 0,
        reask_noise: str | Sequence[str] = "clean",
        latency_s: float = 0.0,
        thoughts: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.docs = load_gold(gold_dirs or DEFAULT_GOLD_DIRS)
        self.thoughts = thoughts
        self.noise = parse_noise(noise)
        self.reask_noise = parse_noise(reask_noise)
        self.seed = seed
        self.latency_s = latency_s
        self.stats = GoldReaderStats()
        self._lock = threading.Lock()
        self._located: dict[tuple[str, str], tuple[str, int] | None] = {}
        self._stopping = threading.Event()
        self._host = host
        self._httpd = _Server((host, port), _Handler)
        self._httpd.double = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self._httpd.server_port}/v1"

    def start(self) -> GoldReader:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="gold-reader",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> GoldReader:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- locating a chunk -------------------------------------------------------------------
    def locate(self, chunk: str, doc_hint: str = "") -> tuple[str, int] | None:
        """(doc_id, start) of the chunk text, or None when no loaded document holds it."""
        key = (chunk, doc_hint)
        with self._lock:
            if key in self._located:
                return self._located[key]
        found: tuple[str, int] | None = None
        if chunk.strip():
            hits = [(doc.doc_id, at) for doc in self.docs.values() if (at := doc.text.find(chunk)) >= 0]
            named = [h for h in hits if doc_hint and doc_hint in self.docs[h[0]].text]
            found = (named or hits)[0] if hits else None
        with self._lock:
            self._located[key] = found
        return found

    # -- the answer -------------------------------------------------------------------------
    def clean_answer(self, doc_id: str, start: int, end: int, first_chunk: bool) -> dict[str, Any]:
        """The gold answer for document[start:end], as a model would write it."""
        gold = self.docs[doc_id].gold
        answer: dict[str, Any] = {key: (gold[key] if first_chunk else [] if key == "authors" else None)
                                  for key in HEADER_KEYS}
        for kind in ITEM_KINDS:
            answer[kind] = [_as_answered(item) for item in gold[kind]
                            if item["evidence"] and start <= item["evidence"][0]["start"] < end]
        return answer

    def answer(self, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The answer object for a chat request and the noise log; counts nothing."""
        chunk, doc_hint, number = "", "", None
        for text in _user_texts(body):
            if not chunk and (match := _CHUNK.search(text)):
                chunk = match.group(1)
                if hint := _DOC_CONTEXT.search(text):
                    doc_hint = hint.group(1).strip()
                if numbers := _CHUNK_NUMBER.search(text):
                    number = int(numbers.group(1) or numbers.group(3))
        located = self.locate(chunk, doc_hint)
        if located is None:
            return {key: ([] if key in ("authors", *ITEM_KINDS) else None) for key in (*HEADER_KEYS, *ITEM_KINDS)}, [
                {"noise": "none", "change": "unknown_chunk"}]
        doc_id, start = located
        doc = self.docs[doc_id]
        end = start + len(chunk)
        first_chunk = number == 1 if number is not None else start <= doc.first_item_start
        ctx = ChunkContext(self.seed, doc_id, doc.text, start, end, doc.gold, doc.traditional)
        noise = self.reask_noise if is_reask(body) else self.noise
        answer = apply_noise(noise, self.clean_answer(doc_id, start, end, first_chunk), ctx)
        return answer, ctx.log

    def respond(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat.completion payload for a request, counted in ``stats``."""
        mode = request_mode(body)
        reask = is_reask(body)
        answer, log = self.answer(body)
        content = json.dumps(answer, ensure_ascii=False)
        message: dict[str, Any] = {"role": "assistant", "content": content}
        finish = "stop"
        if mode == "tools":
            name = (body["tools"][0].get("function") or {}).get("name", "Extraction")
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}]}
            finish = "tool_calls"
        elif mode == "md_json":
            content = f"```json\n{content}\n```"
            message["content"] = content
        if self.thoughts and mode != "tools":
            content = THOUGHTS + content
            message["content"] = content
        prompt = count_tokens("\n".join(_message_text(m) for m in body.get("messages") or []))
        for extra in ("tools", "response_format"):
            if body.get(extra):
                prompt += count_tokens(json.dumps(body[extra], ensure_ascii=False))
        completion = count_tokens(content)
        with self._lock:
            stats = self.stats
            stats.requests += 1
            stats.modes[mode] += 1
            stats.prompt_tokens += prompt
            stats.completion_tokens += completion
            if reask:
                stats.reasks += 1
                stats.reask_prompt_tokens += prompt
                stats.reask_completion_tokens += completion
            items = answer.get("extraction", answer) if isinstance(answer.get("extraction"), dict) else answer
            stats.items_answered += sum(len(items.get(kind) or []) for kind in ITEM_KINDS)
            for note in log:
                if note["change"] == "unknown_chunk":
                    stats.unknown_chunks += 1
                    continue
                stats.noise_changes[f"{note['noise']}:{note['change']}"] += 1
                if note["noise"] == "fabricated_figure":
                    stats.fabricated.append({k: v for k, v in note.items() if k not in ("noise", "change")})
        return {
            "id": f"chatcmpl-gold-{self.stats.requests}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model") or MODEL_ID,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        }

    def stats_dict(self) -> dict[str, Any]:
        with self._lock:
            return self.stats.as_dict()


def _as_answered(item: dict[str, Any]) -> dict[str, Any]:
    """A gold item as a model writes it: evidence quotes only, offsets 0, no ``match``."""
    out = {key: value for key, value in item.items() if key != "evidence"}
    out = json.loads(json.dumps(out))  # a deep copy of plain JSON
    out["evidence"] = [{"quote": ev["quote"], "start": 0, "end": 0} for ev in item["evidence"]]
    return out


#: A reasoning model's thoughts before its answer, with a sketch of the JSON (``thoughts``).
THOUGHTS = ('<think>\n先定格式，大概是 {"villages": [{"name": "示例村", "households": 1}]} 这样，'
            '再逐句核对原文里的数字。\n</think>\n\n')


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    double: GoldReader


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _route(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/")

    def do_GET(self) -> None:
        route = self._route()
        if route in ("/v1/models", "/models"):
            self._send_json(200, {"object": "list", "data": [
                {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "llmx-tests"}]})
        elif route in ("/stats", "/v1/stats"):
            self._send_json(200, self.server.double.stats_dict())
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self._route() not in ("/v1/chat/completions", "/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        try:
            request = json.loads(body)
            if not isinstance(request, dict):
                raise ValueError("body is not a JSON object")
        except ValueError:
            self._send_json(400, {"error": {"message": "request body is not a JSON object"}})
            return
        double = self.server.double
        if double.latency_s > 0:
            double._stopping.wait(double.latency_s)
        try:
            self._send_json(200, double.respond(request))
        except OSError:
            self.close_connection = True

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The gold reader: an OpenAI-compatible test double that "
                                     "answers with hand-labelled gold (not a model).")
    parser.add_argument("--noise", default="clean", help="noise classes, comma-separated (tests/support/noise.py)")
    parser.add_argument("--reask-noise", default="clean", help="noise classes for re-asks")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--thoughts", action="store_true",
                        help="open content answers with a reasoning model's <think> block")
    parser.add_argument("--gold-dir", nargs=2, action="append", metavar=("DOCS_DIR", "GOLD_DIR"),
                        help="a documents and a gold directory; repeat for more sets (default: samples and held-out)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        reader = GoldReader(args.gold_dir, args.noise, seed=args.seed, reask_noise=args.reask_noise,
                            latency_s=args.latency, thoughts=args.thoughts, host=args.host, port=args.port)
    except (ValueError, OSError) as err:
        parser.error(str(err))
    print(reader.url, flush=True)
    try:
        reader._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        reader._httpd.server_close()


if __name__ == "__main__":
    main()

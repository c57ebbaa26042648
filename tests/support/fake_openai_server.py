"""TEST DOUBLE: a fake OpenAI-compatible chat-completions server for tests and benchmarks.

It is not a model. It answers ``POST /v1/chat/completions`` with a valid ``Extraction``
built from the chunk text in the request (a metric whose evidence quote is a real
substring of the chunk, so grounding succeeds), after a configurable latency, and
injects a configurable share of faults: 429 with Retry-After, 500, 503, hangs past the
client timeout, cut-off bodies, invalid JSON, and JSON that fails the schema.

Faults are deterministic for a seed: the n-th request carrying a given chunk gets the
same outcome whatever the thread scheduling, so a failing run can be replayed.
A chunk containing the ``poison`` marker always gets a 500 (that document must end up
in the errors file); one containing the ``garble`` marker always gets an answer in prose,
with no JSON to salvage. With ``api_key`` set, a request without that key gets a 401.

Standard library only, so it also runs as a separate process for the benchmark:

    python tests/support/fake_openai_server.py --latency 0.2 --faults 0.3 --seed 1
    # prints "http://127.0.0.1:PORT/v1" on the first line of stdout, serves until killed
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULT_KINDS = ("rate_limit", "server_error", "unavailable", "hang", "cut_off", "invalid_json", "bad_schema")
_CHUNK = re.compile(r"<<<\n(.*)\n>>>", re.DOTALL)
_NUMBER_CLAUSE = re.compile(r"[^。！？!?，,；;\n]*?(\d+(?:\.\d+)?)\s*(户|人|个|元|公里|亩)[^。！？!?，,；;\n]*")


@dataclass
class FaultMix:
    """Share of requests (0-1) that get each fault; the rest are answered correctly."""

    rate_limit: float = 0.0  # 429 with Retry-After
    server_error: float = 0.0  # 500
    unavailable: float = 0.0  # 503 without Retry-After
    hang: float = 0.0  # no answer until after the client's timeout
    cut_off: float = 0.0  # 200 whose body stops half-way, then the connection closes
    invalid_json: float = 0.0  # 200, content is not JSON
    bad_schema: float = 0.0  # 200, JSON that fails the Extraction schema

    @classmethod
    def even(cls, total: float) -> FaultMix:
        """``total`` share of faults, split evenly over every kind."""
        share = total / len(FAULT_KINDS)
        return cls(**dict.fromkeys(FAULT_KINDS, share))

    @property
    def total(self) -> float:
        return sum(getattr(self, f.name) for f in fields(self))

    def pick(self, u: float) -> str | None:
        """The fault for a uniform draw ``u`` in [0, 1), or None for a good answer."""
        edge = 0.0
        for kind in FAULT_KINDS:
            edge += getattr(self, kind)
            if u < edge:
                return kind
        return None


def valid_extraction(chunk: str) -> dict[str, Any]:
    """A schema-valid Extraction for ``chunk``: its first line as title, one grounded metric."""
    metrics = []
    match = _NUMBER_CLAUSE.search(chunk)
    if match:
        quote = match.group(0).strip()
        metrics.append({
            "name": "测试指标", "subject": None, "value": float(match.group(1)), "value_max": None,
            "approx": False, "unit": match.group(2), "year": None,
            "evidence": [{"quote": quote, "start": 0, "end": 0}],
        })
    first_line = next((line.strip() for line in chunk.splitlines() if line.strip()), "")
    return {
        "title": first_line[:60] or None, "outlet": None, "published": None, "authors": [],
        "teams": [], "villages": [], "measures": [], "metrics": metrics,
    }


def _bad_schema() -> dict[str, Any]:
    return {"title": None, "metrics": [{"name": "测试指标", "value": "很多", "unit": "个", "evidence": []}]}


def _chunk_text(request: dict[str, Any]) -> str:
    for message in request.get("messages") or []:
        content = message.get("content")
        if isinstance(content, str) and (found := _CHUNK.search(content)):
            return found.group(1)
    last = (request.get("messages") or [{}])[-1].get("content")
    return last if isinstance(last, str) else ""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default of 5 drops connections when 64 clients connect at once
    double: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client reuses connections as with a real server
    wbufsize = -1  # headers and body leave in one write (flushed per request by handle_one_request) ...
    disable_nagle_algorithm = True  # ... and at once: Nagle + delayed ACK would add 40 ms per answer
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send_json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
        else:
            self._send_json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.double.down:
            self.close_connection = True  # dropped without an answer
            return
        key = self.server.double.api_key
        if key is not None and self.headers.get("Authorization") != f"Bearer {key}":
            self._send_json(401, {"error": {"message": "Incorrect API key provided (fake)"}})
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        try:
            request = json.loads(body)
        except json.JSONDecodeError:
            self._send_json(400, {"error": {"message": "request body is not JSON"}})
            return
        self.server.double.handle(self, request)

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


class FakeOpenAIServer:
    """The test double; use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        latency_s: float = 0.0,
        faults: FaultMix | None = None,
        *,
        seed: int = 0,
        retry_after_s: float = 0.1,
        hang_s: float = 5.0,
        poison: str = "POISON",
        garble: str = "GARBLE",
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.latency_s = latency_s
        self.faults = faults or FaultMix()
        self.seed = seed
        self.retry_after_s = retry_after_s
        self.hang_s = hang_s
        self.poison = poison
        self.garble = garble
        self.api_key = api_key
        self._httpd = _Server((host, port), _Handler)
        self._httpd.double = self
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.down = False
        self._lock = threading.Lock()
        self._seen: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()  # outcome -> count ("ok", "rate_limit", ...)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def go_down(self) -> None:
        """An outage: kept-alive connections are dropped unanswered and new ones refused."""
        self.down = True
        self.stop()

    def stop(self) -> None:
        self._stopping.set()  # wakes hanging handlers
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- one request ---------------------------------------------------------------------
    def _outcome(self, chunk: str) -> str:
        if self.poison and self.poison in chunk:
            return "poison"
        if self.garble and self.garble in chunk:
            return "prose"
        with self._lock:
            self._seen[chunk] += 1
            nth = self._seen[chunk]
        digest = hashlib.sha256(f"{self.seed}\x00{nth}\x00{chunk}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        return self.faults.pick(u) or "ok"

    def _count(self, outcome: str) -> None:
        with self._lock:
            self.stats[outcome] += 1
            self.stats["requests"] += 1

    def handle(self, handler: _Handler, request: dict[str, Any]) -> None:
        chunk = _chunk_text(request)
        outcome = self._outcome(chunk)
        self._count(outcome)
        if self.latency_s > 0:
            self._stopping.wait(self.latency_s)
        try:
            self._respond(handler, request, chunk, outcome)
        except OSError:
            handler.close_connection = True  # the client gave up (timeout) or the server stops

    def _respond(self, handler: _Handler, request: dict[str, Any], chunk: str, outcome: str) -> None:
        if outcome == "rate_limit":
            handler._send_json(429, {"error": {"message": "rate limit reached (fake)", "type": "rate_limit"}},
                               {"Retry-After": f"{self.retry_after_s:g}"})
            return
        if outcome in ("server_error", "poison"):
            handler._send_json(500, {"error": {"message": "internal error (fake)"}})
            return
        if outcome == "unavailable":
            handler._send_json(503, {"error": {"message": "overloaded (fake)"}})
            return
        if outcome == "hang":
            self._stopping.wait(self.hang_s)
            handler.close_connection = True
            handler._send_json(500, {"error": {"message": "too late (fake)"}})
            return
        if outcome == "prose":
            content = "抱歉，这段文字我无法整理成所要求的格式。"
        elif outcome == "invalid_json":
            content = '{"title": "截断的回答", "metrics": [{"name": '
        elif outcome == "bad_schema":
            content = json.dumps(_bad_schema(), ensure_ascii=False)
        else:
            content = json.dumps(valid_extraction(chunk), ensure_ascii=False)
        payload = self._completion(request, content)
        if outcome == "cut_off":
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        handler._send_json(200, payload)

    def _completion(self, request: dict[str, Any], content: str) -> dict[str, Any]:
        prompt_chars = sum(len(str(m.get("content") or "")) for m in request.get("messages") or [])
        usage = {"prompt_tokens": prompt_chars // 2 + 1, "completion_tokens": len(content) // 2 + 1}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        message: dict[str, Any] = {"role": "assistant", "content": content}
        finish = "stop"
        tools = request.get("tools") or []
        if tools:  # tools mode: the answer is the arguments of a call to the offered function
            name = tools[0].get("function", {}).get("name", "Extraction")
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_fake", "type": "function", "function": {"name": name, "arguments": content}}
            ]}
            finish = "tool_calls"
        return {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": request.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": usage,
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible server (a test double).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--faults", type=float, default=0.0, help="share of faulty answers, split evenly")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=0.1)
    parser.add_argument("--hang", type=float, default=5.0)
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(
        args.latency, FaultMix.even(args.faults), seed=args.seed, retry_after_s=args.retry_after,
        hang_s=args.hang, host=args.host, port=args.port,
    )
    print(server.url, flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()

"""TEST DOUBLE: a fake provider with OpenAI's Files and Batch endpoints, for ``llmx batch`` tests.

It is not OpenAI and not a model. It serves, on one base URL as OpenAI does:

- ``POST /v1/files`` (multipart upload, any purpose), ``GET /v1/files/{id}`` and
  ``GET /v1/files/{id}/content``;
- ``POST /v1/batches`` and ``GET /v1/batches/{id}``: creating a batch "runs" it at once,
  answering each input line's body with ``answer`` (by default nothing: pass the gold
  reader's ``GoldReader.respond``), and writes an output file with the answered lines
  OUT OF ORDER (shuffled with ``seed``) and an error file for the ``fail`` custom_ids
  (status 500 and an ``error`` object, as OpenAI's error file). ``drop`` custom_ids get
  no line at all (an expired batch). The batch reads as ``in_progress`` for its first
  ``pending_polls`` retrievals;
- ``POST /v1/chat/completions``: the same ``answer``, for the online path (counted in
  ``chat_calls``), so online and batch runs share one base URL and one cache identity.

Standard library only, like ``tests/support/fake_openai_server.py``.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int = field(default_factory=lambda: int(time.time()))

    def as_object(self) -> dict[str, Any]:
        return {"id": self.id, "object": "file", "bytes": len(self.content), "created_at": self.created_at,
                "filename": self.filename, "purpose": self.purpose, "status": "processed"}


@dataclass
class FakeBatch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, Any] | None
    counts: dict[str, int]
    output_file_id: str | None
    error_file_id: str | None
    pending_polls: int
    created_at: int = field(default_factory=lambda: int(time.time()))

    def as_object(self) -> dict[str, Any]:
        status = "in_progress" if self.pending_polls > 0 else "completed"
        done = status == "completed"
        return {
            "id": self.id, "object": "batch", "endpoint": self.endpoint, "input_file_id": self.input_file_id,
            "completion_window": self.completion_window, "status": status, "created_at": self.created_at,
            "completed_at": self.created_at if done else None, "metadata": self.metadata,
            "output_file_id": self.output_file_id if done else None,
            "error_file_id": self.error_file_id if done else None,
            "request_counts": self.counts if done else {"total": self.counts["total"], "completed": 0, "failed": 0},
            "errors": None,
        }


class FakeBatchProvider:
    """The test double; use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        answer: Answer | None = None,
        *,
        fail: Iterable[str] = (),
        drop: Iterable[str] = (),
        pending_polls: int = 0,
        seed: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.answer = answer or _empty_answer
        self.fail = set(fail)
        self.drop = set(drop)
        self.pending_polls = pending_polls
        self.seed = seed
        self.files: dict[str, StoredFile] = {}
        self.batches: dict[str, FakeBatch] = {}
        self.chat_calls = 0
        self.batch_lines = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._host = host
        self._httpd = _Server((host, 0), _Handler)
        self._httpd.double = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self._httpd.server_port}/v1"

    def start(self) -> FakeBatchProvider:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="fake-batch",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeBatchProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _new_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}-fake{next(self._ids):04d}"

    def store(self, filename: str, purpose: str, content: bytes) -> StoredFile:
        stored = StoredFile(self._new_id("file"), filename, purpose, content)
        self.files[stored.id] = stored
        return stored

    # -- running a batch --------------------------------------------------------------------
    def result_line(self, line: dict[str, Any], endpoint: str) -> tuple[dict[str, Any], bool]:
        """(the output-file line for one input line, whether it succeeded)."""
        cid = line.get("custom_id")
        request_id = self._new_id("req")
        if cid in self.fail:
            message = "The server had an error processing your request (fake)."
            return {"id": self._new_id("batch_req"), "custom_id": cid,
                    "response": {"status_code": 500, "request_id": request_id,
                                 "body": {"error": {"message": message, "type": "server_error"}}},
                    "error": {"code": "server_error", "message": message}}, False
        if line.get("method") != "POST" or line.get("url") != endpoint or not isinstance(line.get("body"), dict):
            return {"id": self._new_id("batch_req"), "custom_id": cid, "response": None,
                    "error": {"code": "invalid_request", "message": f"line is not a POST to {endpoint}"}}, False
        with self._lock:
            self.batch_lines += 1
        return {"id": self._new_id("batch_req"), "custom_id": cid,
                "response": {"status_code": 200, "request_id": request_id, "body": self.answer(line["body"])},
                "error": None}, True

    def run_batch(self, input_file_id: str, endpoint: str, window: str, metadata: dict[str, Any] | None) -> FakeBatch:
        lines = [json.loads(raw) for raw in self.files[input_file_id].content.splitlines() if raw.strip()]
        output: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for line in lines:
            if line.get("custom_id") in self.drop:
                continue
            result, ok = self.result_line(line, endpoint)
            (output if ok else errors).append(result)
        random.Random(self.seed).shuffle(output)
        random.Random(self.seed + 1).shuffle(errors)

        def as_file(kind: str, rows: list[dict[str, Any]]) -> str | None:
            if not rows:
                return None
            data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
            return self.store(f"batch_{kind}.jsonl", f"batch_{kind}", data).id

        counts = {"total": len(lines), "completed": len(output), "failed": len(errors)}
        batch = FakeBatch(self._new_id("batch"), input_file_id, endpoint, window, metadata, counts,
                          as_file("output", output), as_file("error", errors), self.pending_polls)
        self.batches[batch.id] = batch
        return batch


def _empty_answer(body: dict[str, Any]) -> dict[str, Any]:
    content = json.dumps({"title": None, "teams": [], "villages": [], "measures": [], "metrics": []})
    return {"id": "chatcmpl-empty", "object": "chat.completion", "created": 0, "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart/form-data body: name -> (filename, bytes)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    double: FakeBatchProvider


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _parts(self) -> list[str]:
        return [p for p in self.path.split("?", 1)[0].split("/") if p]

    def do_GET(self) -> None:
        double = self.server.double
        parts = self._parts()
        if parts[:2] == ["v1", "files"] and len(parts) >= 3 and parts[2] in double.files:
            stored = double.files[parts[2]]
            if parts[3:] == ["content"]:
                self._send(200, stored.content, "application/octet-stream")
            else:
                self._send_json(200, stored.as_object())
        elif parts[:2] == ["v1", "batches"] and len(parts) == 3 and parts[2] in double.batches:
            batch = double.batches[parts[2]]
            self._send_json(200, batch.as_object())
            batch.pending_polls -= 1
        else:
            self._send_json(404, {"error": {"message": f"no such object: {self.path}", "type": "invalid_request"}})

    def do_POST(self) -> None:
        double = self.server.double
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self._parts()
        if parts == ["v1", "files"]:
            fields = parse_multipart(self.headers.get("Content-Type", ""), body)
            if "file" not in fields:
                self._send_json(400, {"error": {"message": "no file in the upload", "type": "invalid_request"}})
                return
            filename, content = fields["file"]
            purpose = fields.get("purpose", (None, b""))[1].decode()
            self._send_json(200, double.store(filename or "upload.jsonl", purpose, content).as_object())
            return
        try:
            request = json.loads(body)
        except ValueError:
            self._send_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request"}})
            return
        if parts == ["v1", "batches"]:
            file_id = request.get("input_file_id")
            if file_id not in double.files or double.files[file_id].purpose != "batch":
                self._send_json(400, {"error": {"message": f"no batch input file {file_id}",
                                                "type": "invalid_request"}})
                return
            batch = double.run_batch(file_id, request.get("endpoint", ""), request.get("completion_window", ""),
                                     request.get("metadata"))
            self._send_json(200, batch.as_object())
        elif parts == ["v1", "chat", "completions"]:
            with double._lock:
                double.chat_calls += 1
            self._send_json(200, double.answer(request))
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request"}})

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

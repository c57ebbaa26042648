"""TEST DOUBLES for batch tests: an in-process backend and synthetic documents.

``FakeBackend`` answers like the fake server (one grounded metric per chunk) without
HTTP, so runner logic (resume, errors, exit codes, bad inputs) is tested fast; a chunk
containing ``FAIL`` raises a BackendError, one containing ``CRASH`` a plain bug, and one
containing ``EXIT`` ends the worker process it runs in (never the process that made the
backend), and one containing ``LARGE`` answers with thousands of metrics, an output line of
most of a megabyte. ``delays`` holds chunks containing a marker back for that many seconds.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.config import ExtractConfig
from llmx.core.records import Extraction
from llmx.errors import BackendError
from llmx.pipeline import Extractor
from tests.support.fake_openai_server import valid_extraction

#: metrics in a ``LARGE`` answer
LARGE_COPIES = 4000


class FakeBackend:
    name = "fake"
    cacheable = False
    local_cpu = False

    def __init__(self, version: str = "1", max_chunk_tokens: int | None = 1500, items: bool = True,
                 delays: dict[str, float] | None = None) -> None:
        self.version = version
        self.max_chunk_tokens = max_chunk_tokens
        self.items = items
        self.delays = delays or {}
        self.calls = 0
        self._lock = threading.Lock()
        self._home = os.getpid()

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "version": self.version}

    def __getstate__(self) -> dict[str, Any]:  # picklable, so a Ray actor can be sent one
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        with self._lock:
            self.calls += 1
        request.usage.add(calls=1, prompt_tokens=len(request.chunk.text), completion_tokens=10)
        text = request.chunk.text
        if "FAIL" in text:
            request.usage.add(transport_retries=2, calls=2)
            raise BackendError("server answered 500: internal error (fake)", stage="call")
        if "CRASH" in text:
            raise RuntimeError("bug in a backend")
        for marker, seconds in self.delays.items():
            if marker in text:
                await asyncio.sleep(seconds)
        if "EXIT" in text and os.getpid() != self._home:
            os._exit(3)  # a worker process dying mid-document
        data = valid_extraction(text) if self.items else {"title": None}
        if "LARGE" in text and data.get("metrics"):
            one = data["metrics"][0]
            data["metrics"] = [{**one, "name": f"测试指标{i}"} for i in range(LARGE_COPIES)]
        request.usage.add(chunks=1)
        return ChunkAnswer(Extraction.model_validate(data))

    async def aclose(self) -> None:
        return


#: Extractors built by ``fake_extractor``; ``tests/conftest.py`` closes them after each test.
BUILT_EXTRACTORS: list[Extractor] = []


def fake_extractor(backend: FakeBackend | None = None) -> Extractor:
    """An Extractor over the fake backend, closed for the test after it ends."""
    extractor = Extractor(ExtractConfig(backend="rules", cache=False), backend=backend or FakeBackend())
    BUILT_EXTRACTORS.append(extractor)
    return extractor


def doc_text(i: int, marker: str = "") -> str:
    """A small one-chunk report with a number the fake answers quote."""
    return f"第{i}号报道{marker}\n某县驻村工作队帮扶第{i}村，全村共有{100 + i}户，修建道路{i % 7 + 1}公里。\n"


def make_docs(directory: Path, n: int, markers: dict[int, str] | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = directory / f"doc{i:04d}.txt"
        path.write_text(doc_text(i, (markers or {}).get(i, "")), encoding="utf-8")
        paths.append(path)
    return paths

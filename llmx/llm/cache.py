"""The response cache: one diskcache entry per (backend identity, schema, chunk) key.

The key hashes everything that can change an answer (backend, model, mode, prompt
version and text, the JSON Schema of the record, sampling parameters, the chunk text),
so a changed prompt or schema can never return a stale record.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache

from llmx.core.records import Extraction

#: bump when the cached value's layout changes
CACHE_FORMAT = 1


@functools.cache  # the schema is fixed at import; generating it costs ~10 ms, once per chunk before
def schema_fingerprint() -> str:
    """Hash of the Extraction JSON Schema: a model change invalidates the cache."""
    schema = json.dumps(Extraction.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(identity: dict[str, Any], chunk_text: str, *, schema: str | None = None) -> str:
    """A stable key for one backend call."""
    payload = {
        "format": CACHE_FORMAT,
        "identity": identity,
        "schema": schema or schema_fingerprint(),
        "chunk": chunk_text,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """A thin, typed wrapper over diskcache that stores validated extractions as JSON."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._cache = diskcache.Cache(str(self.directory), size_limit=2**33)

    def get(self, key: str) -> dict[str, Any] | None:
        value = self._cache.get(key)
        return json.loads(value) if isinstance(value, str) else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._cache.set(key, json.dumps(value, ensure_ascii=False))

    def stats(self) -> dict[str, Any]:
        return {"directory": str(self.directory), "entries": len(self._cache), "bytes": self._cache.volume()}

    def clear(self) -> int:
        return int(self._cache.clear())

    def close(self) -> None:
        self._cache.close()

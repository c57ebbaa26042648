"""Recording and replaying real LLM traffic with vcrpy, one cassette per document.

A cassette is named by (backend, model, document, prompt version, schema hash), so a
changed prompt or schema shows up as a missing cassette rather than a silent mismatch.
Requests match on method, path and body: instructor's re-asks change the body, so every
attempt is recorded and replayed in order. The Authorization header is never written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from llmx.cache import schema_fingerprint

RecordMode = Literal["none", "all", "new_episodes", "once"]

#: headers that are secret or change on every request; never stored
DROPPED_REQUEST_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "user-agent",
    "x-stainless-arch",
    "x-stainless-os",
    "x-stainless-runtime-version",
    "x-stainless-package-version",
    "x-stainless-runtime",
    "x-stainless-lang",
    "x-stainless-async",
    "x-stainless-retry-count",
    "x-stainless-read-timeout",
)
DROPPED_RESPONSE_HEADERS = ("set-cookie", "date", "server", "x-request-id", "openai-organization")


class MissingCassetteError(Exception):
    """A replayed request has no recording: the message says which cassette and what to do."""


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]+", "-", value).strip("-") or "default"


def cassette_path(root: Path, identity: dict[str, Any], doc_id: str) -> Path:
    """``root/<backend>/<model>/<doc_id>--<prompt tag>--<schema hash>.yaml``."""
    backend = _slug(str(identity.get("backend", "openai")))
    model = _slug(str(identity.get("model", "model")))
    prompt = _slug(str(identity.get("prompt", "prompt")))
    return root / backend / model / f"{_slug(doc_id)}--{prompt}--schema-{schema_fingerprint()[:10]}.yaml"


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in DROPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


def make_vcr(root: Path, record_mode: RecordMode) -> Any:
    import vcr

    return vcr.VCR(
        cassette_library_dir=str(root),
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=list(DROPPED_REQUEST_HEADERS),
        decode_compressed_response=True,
        before_record_response=_scrub_response,
    )


@contextmanager
def cassette(root: Path, identity: dict[str, Any], doc_id: str, record_mode: RecordMode) -> Iterator[Path]:
    """Record or replay one document's traffic; in replay mode a missing cassette is an error."""
    path = cassette_path(root, identity, doc_id)
    if record_mode == "none" and not path.exists():
        raise MissingCassetteError(
            f"no cassette {path} for document {doc_id!r} (model {identity.get('model')}, "
            f"prompt {identity.get('prompt')}): the prompt or schema changed, or it was never recorded. "
            "Record it with: llmx eval ... --backend openai --record"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with make_vcr(root, record_mode).use_cassette(str(path.relative_to(root)), allow_playback_repeats=False):
        yield path

"""Recording and replaying real LLM traffic with vcrpy, one cassette per document.

A cassette is named by (backend, model, document, prompt version, schema hash), so a
changed prompt or schema shows up as a missing cassette rather than a silent mismatch.
Requests match on method, path and body: a re-ask changes the body, so every
attempt is recorded and replayed in order. The Authorization header is never written.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from llmx.errors import CassetteError
from llmx.llm.cache import schema_fingerprint

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
# content-length goes too: bodies are stored as parsed JSON and re-encoded on replay
DROPPED_RESPONSE_HEADERS = ("set-cookie", "date", "server", "x-request-id", "openai-organization", "content-length")


class MissingCassetteError(CassetteError):
    """A replayed request has no recording: the message says which cassette and what to do."""


class UnplayedCassetteError(MissingCassetteError):
    """A replay finished with recorded interactions left over."""


def is_replay_miss(exc: BaseException) -> bool:
    """True when ``exc`` was caused by vcrpy refusing a request its cassette does not hold
    (the HTTP client wraps that refusal in its own connection error)."""
    from vcr.errors import CannotOverwriteExistingCassetteException

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, CannotOverwriteExistingCassetteException):
            return True
        current = current.__cause__ or current.__context__
    return False


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]+", "-", value).strip("-") or "default"


def cassette_path(root: Path, identity: dict[str, Any], doc_id: str) -> Path:
    """``root/<backend>/<model>/<doc_id>--<prompt tag>--<schema hash>.yaml``."""
    backend = _slug(str(identity.get("backend", "openai")))
    model = _slug(str(identity.get("model", "model")))
    prompt = _slug(str(identity.get("prompt", "prompt")))
    return root / backend / model / f"{_slug(doc_id)}--{prompt}--schema-{schema_fingerprint()[:10]}.yaml"


def expected_path(root: Path, identity: dict[str, Any], doc_id: str) -> Path:
    """Beside a document's cassette: what the recording run made of it (records or failure)."""
    path = cassette_path(root, identity, doc_id)
    return path.with_name(path.name.removesuffix(".yaml") + ".expected.json")


def expected_outcome(report: Any | None, error: Any | None) -> dict[str, Any]:
    """What a run made of a document, in the form the expected file stores: its records
    (run metadata left out: it holds timings and usage), or the stage it failed at."""
    if report is not None:
        return {"report": report.model_dump(mode="json", exclude={"meta"}), "error": None}
    return {"report": None, "error": {"stage": getattr(error, "stage", "internal")}}


def write_expected(path: Path, outcome: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outcome, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_expected(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


#: ExtractConfig fields that change request bodies: replay must use what recording used
REPLAY_SETTINGS = (
    "base_url", "model", "mode", "chunk_tokens", "max_output_tokens", "max_retries", "temperature", "seed"
)


def settings_path(root: Path, identity: dict[str, Any]) -> Path:
    return cassette_path(root, identity, "x").parent / "settings.json"


def write_settings(root: Path, identity: dict[str, Any], config: Any) -> Path:
    """Record the settings a replay needs, beside the cassettes they produced."""
    path = settings_path(root, identity)
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = {name: getattr(config, name) for name in REPLAY_SETTINGS}
    settings["mode"] = identity.get("mode", settings["mode"])
    data = {"config": settings, "prompt": identity.get("prompt"), "schema": schema_fingerprint()[:10]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in DROPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


def _as_json(body: Any) -> Any:
    """A body parsed as JSON, or None when it is not JSON text."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="strict")
    if not isinstance(body, str) or not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


class ReadableJsonSerializer:
    """YAML cassettes whose JSON bodies are stored parsed: prompts and answers read as text.

    A reviewer can see in a diff what llmx asked and what the model said; on replay the
    bodies are encoded back to JSON (requests are matched on parsed JSON, not bytes).
    """

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        import yaml

        data = copy.deepcopy(cassette_dict)
        for interaction in data.get("interactions", []):
            request = interaction["request"]
            if (parsed := _as_json(request.get("body"))) is not None:
                request["body"] = {"json": parsed}
            body = interaction["response"].get("body", {})
            if (parsed := _as_json(body.get("string"))) is not None:
                interaction["response"]["body"] = {"json": parsed}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)

    @staticmethod
    def deserialize(cassette_string: str) -> dict[str, Any]:
        import yaml

        data = yaml.safe_load(cassette_string) or {}
        for interaction in data.get("interactions", []):
            request = interaction["request"]
            if isinstance(request.get("body"), dict) and "json" in request["body"]:
                request["body"] = json.dumps(request["body"]["json"], ensure_ascii=False)
            body = interaction["response"].get("body", {})
            if isinstance(body, dict) and "json" in body:
                interaction["response"]["body"] = {"string": json.dumps(body["json"], ensure_ascii=False)}
        return data


def json_body_matcher(r1: Any, r2: Any) -> None:
    """Match request bodies as parsed JSON (key order and escaping do not matter)."""
    a, b = _as_json(r1.body), _as_json(r2.body)
    if a is None or b is None:
        if r1.body != r2.body:
            raise AssertionError("request bodies differ")
        return
    if a != b:
        raise AssertionError("request JSON bodies differ (prompt, schema or sampling settings changed?)")


def make_vcr(root: Path, record_mode: RecordMode) -> Any:
    import vcr

    recorder = vcr.VCR(
        cassette_library_dir=str(root),
        record_mode=record_mode,
        serializer="readable_json",
        match_on=["method", "path", "json_body"],
        filter_headers=list(DROPPED_REQUEST_HEADERS),
        decode_compressed_response=True,
        before_record_response=_scrub_response,
    )
    recorder.register_serializer("readable_json", ReadableJsonSerializer)
    recorder.register_matcher("json_body", json_body_matcher)
    return recorder


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
    recorder = make_vcr(root, record_mode)
    with recorder.use_cassette(str(path.relative_to(root)), allow_playback_repeats=False) as recorded:
        yield path
    if record_mode == "none" and not recorded.all_played:
        # fewer requests than recorded: the run took another path than the recording did
        raise UnplayedCassetteError(
            f"cassette {path} has {len(recorded.data) - recorded.play_count} unplayed interaction(s): "
            "the run sent fewer requests than were recorded; re-record with --record"
        )

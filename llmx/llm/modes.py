"""Structured-output modes: how a request asks for JSON, and where the answer's JSON is.

``tools``, ``json_schema``, ``json`` and ``md_json`` are instructor's modes, and their
request shape (the function definition, ``response_format``, the schema message) comes
from instructor's public mode registry, so llmx asks exactly as instructor would.
``json_object_schema`` is llama-cpp-python's: ``{"type": "json_object", "schema": ...}``,
which it compiles to a grammar.

The shape is built once per mode, with placeholder messages, and each request fills in
its own system and user text: the JSON Schema is not regenerated per request, and the
instructions stay a stable prefix of every request (what providers' prompt caches key on).

Answers are read leniently: the JSON text is taken from the tool call or the message
content, code fences are stripped, and JSON that does not parse is mended with
``json_repair``. Whether the JSON fits the schema is the repair and validation steps' job.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from llmx.core.records import Extraction
from llmx.errors import BackendError

MODES: tuple[str, ...] = ("tools", "json_schema", "json", "md_json", "json_object_schema")

_SYSTEM = "\x00llmx:system\x00"
_USER = "\x00llmx:user\x00"
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
#: The end of a reasoning model's thoughts left in the content by a server without a
#: reasoning parser (DeepSeek-R1, Qwen3, QwQ on vLLM, Ollama or llama.cpp): the answer
#: follows the last one. Chat templates that open the block in the prompt leave only the end.
_THOUGHTS_END = re.compile(r"</(?:think|thinking|reasoning)>", re.IGNORECASE)
_THOUGHTS_OPEN = re.compile(r"^\s*<(?:think|thinking|reasoning)>", re.IGNORECASE)


@dataclass(frozen=True)
class RequestShape:
    """What a mode adds to every request: message layout and the schema-bearing parameters."""

    mode: str
    messages: tuple[tuple[str, str], ...]  # (role, content with placeholders)
    params: Mapping[str, Any]  # tools + tool_choice, or response_format; shared, never mutated

    def body(self, system: str, user: str) -> dict[str, Any]:
        """The messages and mode parameters of one request."""
        messages = [
            {"role": role, "content": content.replace(_SYSTEM, system).replace(_USER, user)}
            for role, content in self.messages
        ]
        return {"messages": messages, **self.params}


def _instructor_shape(mode: str, model: type[BaseModel], messages: list[dict[str, str]]) -> tuple[list, dict]:
    from instructor.v2 import Mode, Provider, mode_registry

    instructor_mode = {"tools": Mode.TOOLS, "json_schema": Mode.JSON_SCHEMA, "json": Mode.JSON, "md_json": Mode.MD_JSON}
    handler = mode_registry.get_handlers(Provider.OPENAI, instructor_mode[mode])
    _, kwargs = handler.request_handler(model, {"messages": messages})
    messages = kwargs.pop("messages")
    return messages, kwargs


@functools.cache
def request_shape(mode: str, keeps_system: bool = True, model: type[BaseModel] = Extraction) -> RequestShape:
    """The shape of every request in ``mode``; ``keeps_system`` False folds the instructions
    into the user turn (chat templates such as gemma's drop system messages)."""
    if mode not in MODES:
        raise BackendError(f"unknown structured-output mode {mode!r}: choose one of {', '.join(MODES)}")
    if keeps_system:
        messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": _USER}]
    else:
        messages = [{"role": "user", "content": f"{_SYSTEM}\n\n{_USER}"}]
    if mode == "json_object_schema":
        params: dict[str, Any] = {"response_format": {"type": "json_object", "schema": model.model_json_schema()}}
    else:
        messages, params = _instructor_shape(mode, model, messages)
    frozen_messages = tuple((str(m["role"]), str(m["content"])) for m in messages)
    return RequestShape(mode, frozen_messages, copy.deepcopy(params))


@dataclass(frozen=True, slots=True)
class AnswerText:
    """The JSON text of an answer, and whether the model stopped at its token limit."""

    text: str
    truncated: bool
    calls: int = 1  # tool calls joined into ``text`` (a model that split its answer)


def answer_text(completion: Any) -> AnswerText:
    """The JSON text of a chat completion (an SDK object or its dict), whatever the mode.

    Tool-call arguments when there are any (some servers answer a forced tool call in
    the content instead, so the content is the fallback), else the message content.
    """
    data = completion if isinstance(completion, Mapping) else completion.model_dump()
    choices = data.get("choices") or []
    if not choices:
        error = data.get("error")  # some gateways answer 200 with an error object
        said = f": {str(error.get('message') or error)[:300] if isinstance(error, Mapping) else str(error)[:300]}"
        raise BackendError(f"the server's answer has no choices{said if error else ''}", stage="call")
    choice = choices[0]
    message = choice.get("message") or {}
    if message.get("refusal"):
        raise BackendError(f"the model refused: {str(message['refusal'])[:300]}", stage="validate")
    calls = [
        arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        for call in message.get("tool_calls") or []
        if (arguments := (call.get("function") or {}).get("arguments"))
    ]
    text = calls[0] if len(calls) == 1 else _joined_calls(calls) if calls else None
    if text is None:
        content = message.get("content") or ""
        if isinstance(content, list):  # content parts, as some gateways answer
            content = "".join(str(part.get("text") or "") for part in content if isinstance(part, Mapping))
        text = str(content)
    truncated = choice.get("finish_reason") == "length"
    if not text.strip() and truncated:
        raise BackendError("the answer was cut at the token limit before any content (a reasoning model can "
                           "spend it all thinking); raise --max-output-tokens", stage="validate")
    if not text.strip() and (message.get("reasoning_content") or message.get("reasoning")):
        # a server with a reasoning parser moves the thoughts out of the content
        raise BackendError("the answer is only the model's reasoning, with no content after it; "
                           "raise --max-output-tokens or turn the model's thinking off", stage="validate")
    return AnswerText(text=text, truncated=truncated, calls=max(len(calls), 1))


def _joined_calls(calls: list[str]) -> str:
    """One answer from several calls of the extraction tool: a model that treats a forced
    tool as "at least this one" may split its answer (villages in one call, measures in
    the next); reading only the first would drop the rest. Lists are joined in call
    order; for a header field the first call that gives it wins."""
    joined: dict[str, Any] = {}
    for call in calls:
        value = parse_answer(call).value
        if isinstance(value, dict) and len(value) == 1 and isinstance(inner := next(iter(value.values())), dict):
            value = inner  # wrapped, '{"extraction": {...}}': joined inside
        for key, field in (value.items() if isinstance(value, dict) else ()):
            if isinstance(field, list):
                kept = joined.get(key)
                joined[key] = [*kept, *field] if isinstance(kept, list) else field
            elif joined.get(key) in (None, "", []):
                joined[key] = field
    return json.dumps(joined, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class ParsedAnswer:
    """An answer's JSON value, and what had to be done to read it."""

    value: Any
    mended: str | None  # None: it parsed as it was; else what was done (fence, json_repair)


def _after_thoughts(text: str) -> str | None:
    """The part of ``text`` after a reasoning model's thoughts; None when there are none.

    Thoughts often sketch the JSON ('格式像 {"villages": [...]}'): read as the answer, the
    sketch would replace the real answer after them.
    """
    ends = list(_THOUGHTS_END.finditer(text))
    if ends:
        return text[ends[-1].end():]
    if _THOUGHTS_OPEN.match(text):
        raise BackendError("the answer is only the model's reasoning, cut off before its JSON; "
                           "raise --max-output-tokens or turn the model's thinking off", stage="validate")
    return None


def parse_answer(text: str) -> ParsedAnswer:
    """The JSON value in ``text``: plain, after a reasoning model's thoughts, inside a code
    fence, amid prose, or broken.

    Broken JSON (a trailing comma, a cut-off answer, single quotes) is mended with
    ``json_repair``; text with no JSON at all raises BackendError (stage validate).
    """
    stripped = text.strip()
    try:
        return ParsedAnswer(json.loads(stripped), None)
    except ValueError:
        pass
    steps: list[str] = []
    answer = _after_thoughts(stripped)
    if answer is not None:
        stripped = answer.strip()
        steps.append("reasoning_removed")
        try:
            return ParsedAnswer(json.loads(stripped), "+".join(steps))
        except ValueError:
            pass
    fenced = _FENCE.search(stripped)
    if fenced:
        stripped = fenced.group(1).strip()
        steps.append("code_fence")
        try:
            return ParsedAnswer(json.loads(stripped), "+".join(steps))
        except ValueError:
            pass
    steps.append("json_syntax")
    mended = "+".join(steps)
    start = stripped.find("{")
    if start > 0:
        stripped = stripped[start:]
    import json_repair

    value = json_repair.loads(stripped)
    if value in ("", None, [], {}) and "{" not in stripped:
        raise BackendError(f"the answer holds no JSON: {text[:200]!r}", stage="validate")
    return ParsedAnswer(value, mended)
